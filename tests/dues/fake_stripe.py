"""A local Stripe API for the tests: real HTTP on 127.0.0.1, Stripe's documented shapes.

The real `stripe` client (16.1.0) talks to it through STRIPE_API_BASE. It plays
POST /v1/checkout/sessions (form-encoded, secret key as bearer) and
GET /v1/checkout/sessions/{id}, and builds the signed webhook events Stripe sends
(`event`, `signed`): signatures come from stripe.WebhookSignature.generate_signature_header.
Documented shapes: docs.stripe.com/api/checkout/sessions, docs.stripe.com/webhooks.
"""

import itertools
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

import stripe

from tests.dues.fake_helloasso import Recorded

SECRET_KEY = "sk_test_jura_51abc"
WEBHOOK_SECRET = "whsec_jura_test_secret"


def parse_stripe_form(body: str) -> dict:
    """Stripe's nested form encoding (line_items[0][price_data][currency]=eur) back into dicts and lists."""
    tree: dict = {}
    for key, value in urllib.parse.parse_qsl(body, keep_blank_values=True):
        parts = key.replace("]", "").split("[")
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def listify(node):
        if not isinstance(node, dict):
            return node
        if node and all(k.isdigit() for k in node):
            return [listify(node[k]) for k in sorted(node, key=int)]
        return {k: listify(v) for k, v in node.items()}

    return listify(tree)


@dataclass
class FakeStripe:
    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    sessions: dict[str, dict] = field(default_factory=dict)
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def calls(self, method: str, path_start: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_start)]

    # --- The person on Stripe's page, and Stripe's events -------------------------------------

    def complete(
        self, session_id: str, *, payment_status: str = "paid", amount_total: int | None = None
    ) -> dict:
        session = self.sessions[session_id]
        session["status"] = "complete" if payment_status != "expired" else "expired"
        session["payment_status"] = payment_status if payment_status != "expired" else "unpaid"
        if amount_total is not None:
            session["amount_total"] = amount_total
        return session

    def event(self, session_id: str, kind: str = "checkout.session.completed", event_id: str = "") -> str:
        """The JSON body of a webhook event about the session, as Stripe posts it."""
        return json.dumps(
            {
                "id": event_id or f"evt_{next(self.counter):06d}",
                "object": "event",
                "api_version": "2025-01-27.acacia",
                "created": int(time.time()),
                "livemode": False,
                "pending_webhooks": 1,
                "type": kind,
                "data": {"object": dict(self.sessions[session_id])},
            }
        )

    # --- The server's side -----------------------------------------------------------------------

    def handle(self, handler: BaseHTTPRequestHandler) -> tuple[int, dict]:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        path = urllib.parse.urlsplit(handler.path).path
        with self.lock:
            self.requests.append(Recorded(handler.command, path, dict(handler.headers.items()), body))
            if handler.headers.get("Authorization") != f"Bearer {SECRET_KEY}":
                return 401, {
                    "error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}
                }
            if handler.command == "POST" and path == "/v1/checkout/sessions":
                return self.create(parse_stripe_form(body.decode()))
            if handler.command == "GET" and path.startswith("/v1/checkout/sessions/"):
                session = self.sessions.get(path.rsplit("/", 1)[1])
                if session is None:
                    return 404, {"error": {"type": "invalid_request_error", "code": "resource_missing"}}
                return 200, session
            return 404, {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}}

    def create(self, params: dict) -> tuple[int, dict]:
        try:
            items = params["line_items"]
            amount = sum(int(i["price_data"]["unit_amount"]) * int(i.get("quantity", 1)) for i in items)
            currency = items[0]["price_data"]["currency"]
            assert params["mode"] == "payment" and params["success_url"] and params["cancel_url"]
        except (KeyError, AssertionError, ValueError):
            return 400, {"error": {"type": "invalid_request_error", "message": "Missing required param"}}
        session_id = f"cs_test_{next(self.counter):04d}JuRa"
        self.sessions[session_id] = {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": amount,
            "amount_total": amount,
            "cancel_url": params["cancel_url"],
            "client_reference_id": params.get("client_reference_id"),
            "created": int(time.time()),
            "currency": currency,
            "customer_email": params.get("customer_email"),
            "livemode": False,
            "metadata": params.get("metadata", {}),
            "mode": "payment",
            "payment_status": "unpaid",
            "status": "open",
            "success_url": params["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id),
            "url": f"{self.url}/c/pay/{session_id}",
        }
        return 200, self.sessions[session_id]


def signed(payload: str, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """The Stripe-Signature header Stripe would send with the payload."""
    return stripe.WebhookSignature.generate_signature_header(
        payload, secret, int(time.time()) if timestamp is None else timestamp
    )
