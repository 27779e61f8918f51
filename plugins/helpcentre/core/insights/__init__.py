"""The agents' insights page: what readers could not find, which pages do not help, what customers
ask support about, and which translations are behind — from the feedback receiver's database, read
when the internal site is built.

records.py reads the database (SQLAlchemy, imported only when a database is set), model.py turns the
rows and the catalog into per-language dataclasses, page.py renders them with autoescape. Counts and
topics of contact requests only: no message, subject or email address is ever read.
"""
