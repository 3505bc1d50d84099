"""The directory's pages: public.py (/annuaire/: search, a member's page) and space.py (the member
edits its listing in /espace/annuaire/)."""
