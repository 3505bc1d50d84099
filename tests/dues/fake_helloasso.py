"""A local HelloAsso (API v5) for the tests: real HTTP on 127.0.0.1, HelloAsso's documented shapes.

It plays the OAuth2 token endpoint (client credentials and refresh token, tokens
that expire), the checkout-intents endpoints (POST then GET, with the bearer
token checked on each call) and lets a test play the person paying on
HelloAsso's page (`pay`), then build the notification HelloAsso would send.
Documented shapes: dev.helloasso.com ("Intégrer le paiement sur votre site",
"Les notifications", checkout-intent and order models of the v5 API).
"""

import itertools
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CLIENT_ID = "jura-client-id"
CLIENT_SECRET = "jura-client-secret"
SLUG = "made-in-jura"


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)

    def form(self) -> dict:
        return {key: values[0] for key, values in urllib.parse.parse_qs(self.body.decode()).items()}


@dataclass
class FakeHelloAsso:
    url: str = ""
    expires_in: int = 1800
    requests: list[Recorded] = field(default_factory=list)
    access_tokens: dict[str, float] = field(default_factory=dict)  # token -> expiry (epoch)
    refresh_tokens: set[str] = field(default_factory=set)
    intents: dict[int, dict] = field(default_factory=dict)
    fail_next: list[int] = field(default_factory=list)  # status codes to answer the next API calls with
    token_fail_next: list[int] = field(default_factory=list)  # the same, for the next token requests
    slow_next: int = 0  # the next API calls answer only after slow_seconds (HelloAsso having a bad day)
    slow_seconds: float = 0.0
    counter: itertools.count = field(default_factory=lambda: itertools.count(74_100))
    lock: threading.Lock = field(default_factory=threading.Lock)

    # --- What the tests look at -----------------------------------------------------------------

    def calls(self, method: str, path_start: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_start)]

    def token_requests(self) -> list[dict]:
        return [r.form() for r in self.calls("POST", "/oauth2/token")]

    def expire_tokens(self) -> None:
        """HelloAsso's clock moves on: every access token issued so far is now expired."""
        for token in self.access_tokens:
            self.access_tokens[token] = 0

    # --- The person on HelloAsso's page -----------------------------------------------------------

    def pay(
        self,
        intent_id: int,
        *,
        amount: int | None = None,
        state: str = "Authorized",
        total: int | None = None,
    ):
        """The person pays (or the bank refuses): HelloAsso attaches an order to the checkout-intent."""
        intent = self.intents[int(intent_id)]
        amount = intent["body"]["totalAmount"] if amount is None else amount
        order_id = next(self.counter)
        intent["order"] = {
            "id": order_id,
            "date": "2027-01-12T10:15:03.1234567+01:00",
            "formSlug": "default",
            "formType": "Checkout",
            "organizationSlug": SLUG,
            "organizationName": "Made in Jura",
            "checkoutIntentId": int(intent_id),
            "amount": {"total": amount if total is None else total, "vat": 0, "discount": 0},
            "payer": {"email": intent["body"].get("payer", {}).get("email", ""), "country": "FRA"},
            "items": [
                {
                    "id": order_id,
                    "amount": amount,
                    "type": "Payment",
                    "state": "Processed",
                    "name": intent["body"]["itemName"],
                }
            ],
            "payments": [
                {
                    "id": next(self.counter),
                    "amount": amount,
                    "date": "2027-01-12T10:15:02.8859116+01:00",
                    "paymentMeans": "Card",
                    "installmentNumber": 1,
                    "state": state,
                    "cashOutState": "Transfered" if state == "Authorized" else "",
                }
            ],
            "meta": {"createdAt": "2027-01-12T10:14:31+01:00", "updatedAt": "2027-01-12T10:15:03+01:00"},
        }
        return intent["order"]

    def notification(self, intent_id: int, *, event: str = "Order") -> dict:
        """The body HelloAsso POSTs to the notification URL once the order exists."""
        intent = self.intents[int(intent_id)]
        order = intent.get("order") or self.forged_order(intent_id)
        if event == "Order":
            data = {**order, "checkoutIntentId": int(intent_id)}
        else:  # "Payment": the payment, with a light view of its order
            payment = order["payments"][0]
            data = {**payment, "order": {"id": order["id"], "formType": "Checkout", "formSlug": "default"}}
        return {"eventType": event, "data": data, "metadata": intent["body"].get("metadata", {})}

    def forged_order(self, intent_id: int) -> dict:
        """What a forger would claim: an order fully authorized."""
        amount = self.intents[int(intent_id)]["body"]["totalAmount"]
        return {
            "id": 999_999,
            "amount": {"total": amount},
            "payments": [{"id": 999_998, "amount": amount, "state": "Authorized"}],
        }

    # --- The server's side ----------------------------------------------------------------------

    def handle(self, handler: BaseHTTPRequestHandler) -> tuple[int, dict]:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        path = urllib.parse.urlsplit(handler.path).path
        record = Recorded(handler.command, path, dict(handler.headers.items()), body)
        with self.lock:
            slow = path.startswith("/v5/") and self.slow_next > 0
            self.slow_next -= 1 if slow else 0
        if slow:
            time.sleep(self.slow_seconds)
        with self.lock:
            self.requests.append(record)
            if path == "/oauth2/token" and handler.command == "POST":
                return self.token(handler, record)
            prefix = f"/v5/organizations/{SLUG}/checkout-intents"
            if not path.startswith("/v5/organizations/"):
                return 404, {"errors": [{"code": "NotFound", "message": "Not found"}]}
            if not self.authorized(handler):
                return 401, {"errors": [{"code": "Unauthorized", "message": "Invalid or expired token"}]}
            if self.fail_next:
                return self.fail_next.pop(0), {"errors": [{"code": "InternalError", "message": "Try again"}]}
            if not path.startswith(prefix):
                return 404, {"errors": [{"code": "NotFound", "message": "Organization not found"}]}
            rest = path[len(prefix) :].strip("/")
            if handler.command == "POST" and rest == "":
                return self.create_intent(record)
            if handler.command == "GET" and rest.isdigit():
                intent = self.intents.get(int(rest))
                if intent is None:
                    return 404, {"errors": [{"code": "NotFound", "message": "CheckoutIntent not found"}]}
                answer = {"id": intent["id"], "redirectUrl": intent["redirectUrl"]}
                if intent["body"].get("metadata") is not None:
                    answer["metadata"] = intent["body"]["metadata"]
                if intent.get("order"):
                    answer["order"] = intent["order"]
                return 200, answer
            return 405, {"errors": [{"code": "MethodNotAllowed"}]}

    def authorized(self, handler: BaseHTTPRequestHandler) -> bool:
        scheme, _, token = (handler.headers.get("Authorization") or "").partition(" ")
        return scheme.lower() == "bearer" and self.access_tokens.get(token, 0) > time.time()

    def issue(self) -> tuple[int, dict]:
        n = next(self.counter)
        access, refresh = f"access-{n}", f"refresh-{n}"
        self.access_tokens[access] = time.time() + self.expires_in
        self.refresh_tokens.add(refresh)
        return 200, {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": self.expires_in,
            "refresh_token": refresh,
        }

    def token(self, handler: BaseHTTPRequestHandler, record: Recorded) -> tuple[int, dict]:
        if self.token_fail_next:
            return self.token_fail_next.pop(0), {"error": "server_error"}
        if not (handler.headers.get("Content-Type") or "").startswith("application/x-www-form-urlencoded"):
            return 400, {"error": "invalid_request"}
        form = record.form()
        if form.get("grant_type") == "client_credentials":
            if form.get("client_id") == CLIENT_ID and form.get("client_secret") == CLIENT_SECRET:
                return self.issue()
            return 401, {"error": "unauthorized_client"}
        if form.get("grant_type") == "refresh_token":
            if form.get("client_id") == CLIENT_ID and form.get("refresh_token") in self.refresh_tokens:
                self.refresh_tokens.discard(form["refresh_token"])  # one use each
                return self.issue()
            return 400, {"error": "invalid_grant"}
        return 400, {"error": "unsupported_grant_type"}

    def create_intent(self, record: Recorded) -> tuple[int, dict]:
        body = record.json()
        problems = []
        for key in ("totalAmount", "initialAmount"):
            if not isinstance(body.get(key), int) or body[key] <= 0:
                problems.append(f"{key} must be a positive amount in cents")
        if not isinstance(body.get("itemName"), str) or not 0 < len(body["itemName"]) <= 250:
            problems.append("itemName is required (250 characters at most)")
        for key in ("backUrl", "errorUrl", "returnUrl"):
            if not str(body.get(key, "")).startswith(("http://", "https://")):
                problems.append(f"{key} must be an absolute URL")
        if not isinstance(body.get("containsDonation"), bool):
            problems.append("containsDonation is required")
        if problems:
            return 400, {"errors": [{"code": "ArgumentInvalid", "message": m} for m in problems]}
        intent_id = next(self.counter)
        self.intents[intent_id] = {
            "id": intent_id,
            "redirectUrl": f"{self.url}/checkout/{intent_id}",
            "body": body,
        }
        return 200, {"id": intent_id, "redirectUrl": self.intents[intent_id]["redirectUrl"]}


def serve(fake) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Serve a fake's `handle(handler) -> (status, json)` on 127.0.0.1, on a free port."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            status, payload = fake.handle(self)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = _answer

        def log_message(self, format, *args):  # keep the test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread
