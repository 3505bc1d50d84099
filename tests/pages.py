"""What a page says, read as a person reads it."""

import re
from html import unescape


def page_text(response) -> str:
    """The visible text of the page's main content, on one line."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())
