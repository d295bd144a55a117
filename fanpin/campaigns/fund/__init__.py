"""The prevention relief fund (防贫帮扶基金): ``ledger`` reads and parses the ledger,
``checks`` checks every row against the roster and the profile, ``summary`` adds
up what was paid, by cause, township and month.
"""
