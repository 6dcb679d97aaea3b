"""Schemathesis hooks for driving `itnio mock` from openapi/itnio.openapi.json.

Signs every request as the export's security scheme states (Sign = lowercase hex MD5 of API key
+ API secret + the Timestamp header's text), adds two checks of ITNIO's own contract (the API
answers every request with HTTP 200 and a business code, so schemathesis' HTTP-status checks do
not apply), and tallies every answer for the run's summary.
"""

import hashlib
import json
import os
import time

import jsonschema_rs
import schemathesis

API_KEY = os.environ["ITNIO_API_KEY"]
API_SECRET = os.environ["ITNIO_API_SECRET"]
TALLY = os.environ.get("ITNIO_FUZZ_TALLY")

# The codes that mean "the request was refused as a bad request": -22 (Parameter exception)
# and -68 (a recall intent of another scenario's table).
REFUSED = {"-22", "-68"}
SIGNING = {"-1", "-16"}


@schemathesis.auth()
class ItnioSignature:
    """A fresh Timestamp and its Sign on every request."""

    def get(self, case, ctx):
        return API_KEY

    def set(self, case, data, ctx):
        timestamp = str(int(time.time()))
        digest = hashlib.md5((data + API_SECRET + timestamp).encode()).hexdigest()
        headers = dict(case.headers or {})
        headers.update({"Api-Key": data, "Timestamp": timestamp, "Sign": digest})
        case.headers = headers


def _code(response):
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    code = body.get("code", body.get("status"))
    return None if code is None else str(code)


def _document():
    with open(os.environ["ITNIO_OPENAPI"], encoding="utf-8") as f:
        return json.load(f)


DOCUMENT = _document()


def _body_validator(case):
    """The exported request schema of the case's operation, over the whole document so that
    its references resolve."""
    operation = DOCUMENT["paths"][case.operation.path][case.operation.method.lower()]
    body = operation.get("requestBody")
    if body is None:
        return None
    schema = dict(DOCUMENT)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$ref"] = body["content"]["application/json"]["schema"]["$ref"]
    return jsonschema_rs.Draft202012Validator(schema)


def _sent_body(response):
    body = response.request.body
    if body is None:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return _NOT_JSON


_NOT_JSON = object()


def _json_media_type(headers):
    value = headers.get("Content-Type")
    if value is None:
        return False
    essence, *params = [part.strip() for part in value.split(";")]
    charset_utf8 = all(p.lower().replace('"', "") == "charset=utf-8" for p in params)
    return essence.lower() == "application/json" and charset_utf8


def _signed_as_documented(headers):
    """Whether the request's own headers follow the signing rule, as sent."""
    key = headers.get("Api-Key")
    timestamp = headers.get("Timestamp")
    sign = headers.get("Sign")
    if key != API_KEY or timestamp is None or sign is None:
        return False
    if not timestamp.isascii() or not timestamp.isdigit():
        return False
    if abs(int(timestamp) - time.time()) > 240:
        return False
    expected = hashlib.md5((key + API_SECRET + timestamp).encode()).hexdigest()
    return sign == expected


@schemathesis.check
def itnio_signing(ctx, response, case):
    """The mock's verdict on the signature is the documented rule's, on the headers as sent:
    a request signed as documented is never refused for it (-1, -16), and any other is never
    served (the coverage phase sends the schema's example headers, and mutated ones)."""
    code = _code(response)
    signed = _signed_as_documented(response.request.headers)
    if signed and code in SIGNING:
        raise AssertionError(f"refused the documented signature with {code}: {response.text[:300]}")
    if not signed and code not in SIGNING:
        raise AssertionError(f"served a request not signed as documented ({code}): {response.text[:300]}")


@schemathesis.check
def itnio_invalid_body_refused(ctx, response, case):
    """A body the exported schema forbids, or one not sent as JSON, never succeeds (code 0
    would create or change something)."""
    if _code(response) != "0" or case.operation.method.upper() != "POST":
        return
    if not _json_media_type(response.request.headers):
        raise AssertionError(f"accepted a body sent as {response.request.headers.get('Content-Type')!r}")
    body = _sent_body(response)
    if body is _NOT_JSON:
        raise AssertionError("accepted a body that is not JSON")
    validator = _body_validator(case)
    if validator is not None and not validator.is_valid(body):
        first = next(validator.iter_errors(body))
        raise AssertionError(f"accepted a body the schema forbids ({first.message}): {json.dumps(body)[:300]}")


@schemathesis.hook
def after_call(context, case, response):
    if TALLY is None:
        return
    if response is None:
        return
    body = _sent_body(response)
    validator = _body_validator(case)
    schema_valid = validator is None or (body is not _NOT_JSON and validator.is_valid(body))
    line = {
        "operation": case.operation.label,
        "body": "schema-valid" if schema_valid else "schema-invalid",
        "json": _json_media_type(response.request.headers) or case.operation.method.upper() == "GET",
        "code": _code(response),
    }
    with open(TALLY, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")
