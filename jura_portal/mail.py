"""The development mail backend: each message saved as a .eml file, and summed up on the console."""

import re
import sys
from datetime import datetime
from pathlib import Path
from uuid import uuid4

from django.core.mail.backends.base import BaseEmailBackend

LINK = re.compile(r"https?://\S+")


class DevMailBackend(BaseEmailBackend):
    """Writes var/mail/<time>-<id>.eml and prints who it is for, the subject and its links."""

    def __init__(self, *, folder: str, **kwargs):
        super().__init__(**kwargs)
        self.folder = Path(folder)

    def send_messages(self, email_messages) -> int:
        folder = self.folder
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            path = folder / f"{datetime.now():%Y%m%d-%H%M%S}-{uuid4().hex[:8]}.eml"
            path.write_bytes(message.message().as_bytes())
            links = "\n".join(f"    {link}" for link in LINK.findall(message.body))
            sys.stdout.write(
                f"\n[email] to {', '.join(message.to)}: {message.subject}\n    saved in {path}\n{links}\n"
            )
            sys.stdout.flush()
        return len(email_messages)
