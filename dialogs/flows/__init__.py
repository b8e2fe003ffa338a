"""The conversation's features, one flow each; `dialogs.flows.standard` lists the set the tutor runs."""
