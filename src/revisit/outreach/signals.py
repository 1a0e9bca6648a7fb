"""Signals other apps connect to instead of importing the contact services.

`contact_saved` is sent inside the transaction that writes the contact, with
`contact` and `action` ("logged", "edited" or "withdrawn"), so a receiver's
writes commit or roll back together with the contact.
"""

from django.dispatch import Signal

contact_saved = Signal()
