"""The events' pages: public.py (list, detail, registration, calendar files, emailed links), space.py
(the member's registrations in /espace/), staff.py (check-in on the day), speeddating.py (schedules
and table plan)."""
