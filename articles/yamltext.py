"""YAML from the seed files (guides' front matter, topics, authors, career facts), always safely.

PyYAML's wheels carry libyaml: its CSafeLoader builds the same values as SafeLoader (the same constructor)
about ten times faster, which `seed_content` feels on every run. Without libyaml, the pure-Python loader.
"""

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_parse(text: str):
    return yaml.load(text, Loader=_LOADER)
