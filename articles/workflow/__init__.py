"""The editorial workflow of live articles: working drafts, expert review and scheduled changes.

`rules.py` is the state machine (states, actions, roles and the one transition table); `services.py` holds
the writes, each a revision in the article's history.
"""
