"""The HTTP service against a real uvicorn server on 127.0.0.1: endpoints, errors, token rule."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn

from generator.i18n import translate
from generator.service import checks as service_checks
from generator.service.app import create_app
from generator.service.settings import Settings

TOKEN = "teacher-secret"
TEMPLATE = "sum.cubic_polynomial"


@dataclass(frozen=True)
class Server:
    url: str
    settings: Settings

    def client(self, **headers: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


@pytest.fixture(scope="module")
def _servers() -> Iterator[dict[str, Server]]:
    running: list[tuple[uvicorn.Server, threading.Thread]] = []
    servers: dict[str, Server] = {}
    for name, settings in {
        "main": Settings(teacher_token=TOKEN, max_body_bytes=4096, max_batch=3),
        "open": Settings(cors_origins=("https://lms.example.edu",), check_timeout=1e-6),
    }.items():
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="on")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.02)
        running.append((server, thread))
        servers[name] = Server(f"http://127.0.0.1:{port}", settings)
    yield servers
    for server, thread in running:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def server(_servers: dict[str, Server]) -> Server:
    return _servers["main"]


@pytest.fixture
def open_server(_servers: dict[str, Server]) -> Server:
    return _servers["open"]


def test_healthz(server: Server) -> None:
    """/healthz answers without touching sympy, for a proxy's health check."""
    with server.client() as client:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_openapi_lists_every_endpoint(server: Server) -> None:
    """The OpenAPI document describes each route, so LMS plugin authors can generate a client."""
    with server.client() as client:
        paths = client.get("/openapi.json").json()["paths"]
        docs = client.get("/docs")
    expected = {
        "/api/check",
        "/api/check/batch",
        "/api/templates",
        "/api/problems",
        "/api/problems/grade",
        "/api/preview",
        "/healthz",
    }
    assert expected <= set(paths)
    assert docs.status_code == 200


CHECKS = [
    pytest.param({"id": "1", "expected": "3*x^2", "answer": "3x^2"}, "correct", None, id="right"),
    pytest.param({"id": 2, "expected": "3*x^2", "answer": "x^3"}, "incorrect", None, id="wrong"),
    pytest.param(
        {"function": "x^3", "ask": "derivative", "wrt": ["x"], "answer": "3x^3"},
        "incorrect",
        "power_no_decrement",
        id="diagnosed",
    ),
    pytest.param({"expected": "3*x^2", "answer": "3x^^2"}, "invalid", None, id="unreadable"),
]


@pytest.mark.parametrize(("line", "status", "diagnosis"), CHECKS)
def test_check_gives_a_verdict(
    server: Server, line: dict[str, object], status: str, diagnosis: str | None
) -> None:
    """POST /api/check takes a batch line of DESIGN.md and answers with its verdict and id."""
    with server.client() as client:
        response = client.post("/api/check", json=line)
    assert response.status_code == 200
    verdict = response.json()
    assert verdict["status"] == status
    assert verdict["id"] == line.get("id")
    assert verdict["diagnosis"] == diagnosis
    if status == "invalid":
        assert verdict["error"]["column"] >= 1
        assert verdict["score"] == 0


def test_check_speaks_the_requested_language(server: Server) -> None:
    """`lang: zh` gives the same verdict with its sentences in Chinese."""
    line = {"expected": "3*x^2", "answer": "3x^2"}
    with server.client() as client:
        english = client.post("/api/check", json=line).json()
        chinese = client.post("/api/check", json={**line, "lang": "zh"}).json()
    assert chinese["status"] == english["status"] == "correct"
    assert chinese["feedback"] != english["feedback"]
    assert any("\u4e00" <= character <= "\u9fff" for character in chinese["feedback"])


INVALID_REQUESTS = [
    pytest.param(
        b'{"expected": "x", "answer": ',
        "body",
        "The request is not valid: body: The request body is not valid JSON (near character 29).",
        id="malformed-json",
    ),
    pytest.param(
        b'{"expected": "x"}',
        "answer",
        "The request is not valid: answer: This field is required.",
        id="missing-field",
    ),
    pytest.param(
        b'{"expected": "x", "answer": "x", "colour": "red"}',
        "colour",
        "The request is not valid: colour: This field is not allowed here.",
        id="unknown-field",
    ),
    pytest.param(
        b'{"expected": "x", "function": "x", "answer": "1"}',
        "body",
        "The request is not valid: body: "
        "Give either 'expected' or 'function', not both and not neither.",
        id="two-key-sources",
    ),
    pytest.param(
        b'{"expected": "x", "answer": 3}',
        "answer",
        "The request is not valid: answer: Expected a string here.",
        id="wrong-type",
    ),
    pytest.param(
        b'{"expected": "x", "answer": "x", "kind": "matrix"}',
        "kind",
        "The request is not valid: kind: Must be one of "
        "'expression', 'number', 'set', 'tuple', 'equation' or 'choice'.",
        id="unknown-kind",
    ),
]


@pytest.mark.parametrize(("body", "field", "message"), INVALID_REQUESTS)
def test_bad_requests_get_422_with_a_message(
    server: Server, body: bytes, field: str, message: str
) -> None:
    """Malformed JSON and wrong fields get 422, the field named, never a traceback."""
    with server.client() as client:
        response = client.post(
            "/api/check", content=body, headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 422
    payload = response.json()
    assert payload["error"] == "invalid_request"
    assert payload["message"] == message
    assert payload["details"][0]["field"] == field
    assert "Traceback" not in response.text


UNUSABLE = [
    pytest.param(
        {"expected": "x^^2", "answer": "2x"},
        "The expected answer cannot be read: '^' was not expected here.",
        id="unreadable-key",
    ),
    pytest.param(
        {"function": "x^2", "ask": "gradient", "answer": "2x"},
        "Only 'derivative' and 'partial' can be derived from a function, not 'gradient'.",
        id="underivable-ask",
    ),
]


@pytest.mark.parametrize(("line", "message"), UNUSABLE)
def test_lines_the_checker_cannot_use(
    server: Server, line: dict[str, object], message: str
) -> None:
    """Alone such a line is a 422 with the checker's message; in a batch, one `invalid` verdict."""
    with server.client() as client:
        alone = client.post("/api/check", json=line)
        batch = client.post("/api/check/batch", json=[line, {"expected": "x", "answer": "x"}])
    assert alone.status_code == 422
    assert alone.json() == {"error": "unusable_request", "message": message, "details": []}
    first, second = batch.json()
    assert (first["status"], first["error"]["code"], first["feedback"]) == (
        "invalid",
        "unusable_request",
        message,
    )
    assert second["status"] == "correct"


def test_validation_messages_follow_accept_language(server: Server) -> None:
    """A 422 is in the reader's language too (here from Accept-Language)."""
    with server.client(**{"Accept-Language": "zh-CN,zh;q=0.9"}) as client:
        response = client.post("/api/check", json={"expected": "x"})
    assert response.status_code == 422
    assert response.json()["message"] == translate(
        "The request is not valid: {field}: {problem}",
        "zh",
        field="answer",
        problem=translate("This field is required.", "zh"),
    )


def test_declared_large_body_gets_413(server: Server) -> None:
    """A body declared larger than the limit is refused before it is read."""
    line = {"expected": "x", "answer": "x" * 5000}
    with server.client() as client:
        response = client.post("/api/check", json=line)
    assert response.status_code == 413
    assert response.json() == {
        "error": "body_too_large",
        "message": "The request body is larger than 4096 bytes.",
        "details": [],
    }


def test_streamed_large_body_gets_413(server: Server) -> None:
    """A chunked body with no Content-Length is counted as it arrives and cut off at the limit."""

    def chunks() -> Iterator[bytes]:
        yield b'{"expected": "x", "answer": "'
        for _ in range(10):
            yield b"x" * 1000
        yield b'"}'

    with server.client() as client:
        response = client.post(
            "/api/check", content=chunks(), headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 413
    assert response.json()["error"] == "body_too_large"


def test_batch_keeps_order_and_ids(server: Server) -> None:
    """POST /api/check/batch answers each line, in order, echoing ids."""
    lines = [
        {"id": "a", "expected": "2*x", "answer": "2x"},
        {"id": "b", "expected": "2*x", "answer": "x^2"},
        {"id": "c", "expected": "2*x", "answer": "2x)"},
    ]
    with server.client() as client:
        response = client.post("/api/check/batch", json=lines)
    assert response.status_code == 200
    assert [(v["id"], v["status"]) for v in response.json()] == [
        ("a", "correct"),
        ("b", "incorrect"),
        ("c", "invalid"),
    ]


def test_batch_longer_than_the_limit_gets_422(server: Server) -> None:
    """The batch length is bounded (here 3), and the message says by how much."""
    lines = [{"expected": "x", "answer": "x"}] * 4
    with server.client() as client:
        response = client.post("/api/check/batch", json=lines)
    assert response.status_code == 422
    assert response.json()["error"] == "batch_too_long"
    assert response.json()["message"] == "A batch may hold at most 3 answers; this one has 4."


def test_a_check_that_runs_out_of_time_is_invalid(open_server: Server) -> None:
    """Past the per-check time limit the verdict is `invalid` with error code `timeout`."""
    with open_server.client() as client:
        response = client.post("/api/check", json={"expected": "sin(x)^7", "answer": "x^12+1"})
    assert response.status_code == 200
    verdict = response.json()
    assert verdict["status"] == "invalid"
    assert verdict["error"]["code"] == "timeout"
    assert verdict["feedback"] == (
        "This answer took too long to check; write it more simply and try again."
    )


def test_unexpected_errors_never_leak_a_traceback(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any unforeseen exception becomes a 500 with a generic sentence; the log keeps the details."""

    def broken(key: object, lang: str) -> object:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(service_checks, "_check", broken)
    with server.client() as client:
        response = client.post("/api/check", json={"expected": "x", "answer": "x + 0*x"})
    assert response.status_code == 500
    assert response.json()["message"] == (
        "Something went wrong on the server; the error has been logged."
    )
    assert "secret" not in response.text and "Traceback" not in response.text


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [("get", "/nowhere", 404, "not_found"), ("get", "/api/check", 405, "method_not_allowed")],
)
def test_unknown_routes_get_json_errors(
    server: Server, method: str, path: str, status: int, code: str
) -> None:
    """Even a wrong address or method answers with the JSON error shape."""
    with server.client() as client:
        response = client.request(method, path)
    assert response.status_code == status
    assert response.json()["error"] == code


def test_cors_is_off_by_default(server: Server) -> None:
    """Without configured origins no browser on another site may call the API."""
    with server.client(Origin="https://lms.example.edu") as client:
        response = client.options("/api/check", headers={"Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in response.headers


def test_cors_allows_configured_origins(open_server: Server) -> None:
    """A configured origin gets the CORS headers; any other does not."""
    with open_server.client() as client:
        allowed = client.options(
            "/api/check",
            headers={"Origin": "https://lms.example.edu", "Access-Control-Request-Method": "POST"},
        )
        other = client.options(
            "/api/check",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
    assert allowed.headers["access-control-allow-origin"] == "https://lms.example.edu"
    assert "access-control-allow-origin" not in other.headers


def test_templates_lists_topics_and_filters(server: Server) -> None:
    """GET /api/templates lists every template; `?topic=` keeps one topic."""
    with server.client() as client:
        everything = client.get("/api/templates").json()
        power = client.get("/api/templates", params={"topic": "power"}).json()
    assert "power" in everything["topics"]
    assert {t["topic"] for t in power["templates"]} == {"power"}
    assert len(power["templates"]) < len(everything["templates"])


@pytest.mark.parametrize(
    ("query", "headers", "title"),
    [
        ({}, {}, "Derivative of a constant"),
        ({"lang": "zh"}, {}, "常数的导数"),
        ({"lang": "en"}, {"Accept-Language": "zh-CN"}, "Derivative of a constant"),
        ({}, {"Accept-Language": "zh-CN,zh;q=0.9"}, "常数的导数"),
    ],
    ids=["default-en", "query-zh", "query-beats-header", "header-zh"],
)
def test_templates_titles_in_the_readers_language(
    server: Server, query: dict[str, str], headers: dict[str, str], title: str
) -> None:
    """GET /api/templates gives titles in `?lang=`, else the browser's language (the picker)."""
    with server.client(**headers) as client:
        response = client.get("/api/templates", params={"topic": "constant", **query})
    titles = {t["id"]: t["title"] for t in response.json()["templates"]}
    assert response.status_code == 200
    assert titles["constant.sum_of_constants"] == title


def test_problem_for_a_student_has_no_key(server: Server) -> None:
    """POST /api/problems gives statement and parts, and no key without the teacher token."""
    with server.client() as client:
        response = client.post("/api/problems", json={"template": TEMPLATE, "seed": 7})
    assert response.status_code == 200
    problem = response.json()
    assert problem["seed"] == 7
    assert "<math" in problem["statement_mathml"]
    assert all(part["key"] is None for part in problem["parts"])
    assert "answer_latex" not in json.dumps(problem)


def test_problem_is_the_same_for_the_same_seed(server: Server) -> None:
    """The service is stateless: template + seed always give the same problem."""
    with server.client() as client:
        first = client.post("/api/problems", json={"template": TEMPLATE, "seed": 11}).json()
        again = client.post("/api/problems", json={"template": TEMPLATE, "seed": 11}).json()
        fresh = client.post("/api/problems", json={"template": TEMPLATE}).json()
    assert first == again
    assert isinstance(fresh["seed"], int)


def test_teacher_gets_keys_and_steps(server: Server) -> None:
    """With the teacher token every part comes with its key and worked steps."""
    with server.client(**{"X-Teacher-Token": TOKEN}) as client:
        problem = client.post("/api/problems", json={"template": TEMPLATE, "seed": 7}).json()
    for part in problem["parts"]:
        assert part["key"]["answer"]
        assert part["key"]["steps"]
        assert "<math" in part["key"]["answer_mathml"]


@pytest.mark.parametrize(
    "headers",
    [{"X-Teacher-Token": "guess"}, {"Authorization": "Bearer guess"}],
    ids=["header", "bearer"],
)
def test_wrong_teacher_token_gets_403(server: Server, headers: dict[str, str]) -> None:
    """A wrong token is refused outright rather than silently treated as a student."""
    with server.client(**headers) as client:
        response = client.post("/api/problems", json={"template": TEMPLATE, "seed": 7})
    assert response.status_code == 403
    assert response.json()["message"] == "The teacher token is not valid for this server."


def test_token_is_refused_when_the_server_has_none(open_server: Server) -> None:
    """A server started without a teacher token gives keys to nobody."""
    with open_server.client(Authorization=f"Bearer {TOKEN}") as client:
        response = client.post("/api/problems", json={"template": TEMPLATE, "seed": 7})
    assert response.status_code == 403


def test_unknown_template_gets_404(server: Server) -> None:
    """An unknown template id is a 404 that names it."""
    with server.client() as client:
        response = client.post("/api/problems", json={"template": "no.such", "seed": 1})
    assert response.status_code == 404
    assert response.json()["message"] == "There is no template with id 'no.such'."


def _key_of(server: Server, seed: int) -> dict[str, object]:
    with server.client(**{"X-Teacher-Token": TOKEN}) as client:
        return client.post("/api/problems", json={"template": TEMPLATE, "seed": seed}).json()


def test_grade_shows_key_and_steps_after_an_attempt(server: Server) -> None:
    """An attempted part gets its verdict, key and steps; the right answer scores full points."""
    problem = _key_of(server, 7)
    part = problem["parts"][0]
    with server.client() as client:
        graded = client.post(
            "/api/problems/grade",
            json={
                "template": TEMPLATE,
                "seed": 7,
                "answers": {part["label"]: part["key"]["answer"]},
            },
        ).json()
    first = graded["parts"][0]
    assert first["verdict"]["status"] == "correct"
    assert first["key"]["steps"]
    assert graded["score"] == part["points"]


def test_grade_hides_keys_of_unanswered_and_unreadable_parts(server: Server) -> None:
    """No key for a part left empty or typed unreadably, unless a teacher asks."""
    problem = _key_of(server, 7)
    label = problem["parts"][0]["label"]
    body = {"template": TEMPLATE, "seed": 7, "answers": {label: "3x^^"}}
    with server.client() as client:
        unreadable = client.post("/api/problems/grade", json=body).json()["parts"][0]
        empty = client.post("/api/problems/grade", json={**body, "answers": {}}).json()["parts"][0]
    with server.client(**{"X-Teacher-Token": TOKEN}) as client:
        teacher = client.post("/api/problems/grade", json={**body, "answers": {}}).json()["parts"][
            0
        ]
    assert unreadable["verdict"]["status"] == "invalid" and unreadable["key"] is None
    assert empty["answered"] is False and empty["key"] is None
    assert teacher["key"]["steps"]


def test_grade_names_an_unknown_part(server: Server) -> None:
    """An answer to a part the problem does not have is a 422 listing the real parts."""
    problem = _key_of(server, 7)
    labels = ", ".join(sorted(part["label"] for part in problem["parts"]))
    with server.client() as client:
        response = client.post(
            "/api/problems/grade", json={"template": TEMPLATE, "seed": 7, "answers": {"zz": "1"}}
        )
    assert response.status_code == 422
    assert response.json()["message"] == (f"This problem has no part 'zz'; its parts are {labels}.")


PREVIEWS = [
    pytest.param("3x^2 + sin x", "expression", True, None, id="readable"),
    pytest.param("3x^2 +", "expression", False, 7, id="dangling-operator"),
    pytest.param("", "expression", True, None, id="empty"),
    pytest.param("x = ±1", "set", True, None, id="set-read-as-a-set"),
    pytest.param("x = ±1", "expression", False, 5, id="plus-minus-outside-a-set"),
]


@pytest.mark.parametrize(("answer", "kind", "ok", "column"), PREVIEWS)
def test_preview_shows_how_input_is_read(
    server: Server, answer: str, kind: str, ok: bool, column: int | None
) -> None:
    """POST /api/preview reads the text as the part's kind: MathML, or the fault and its column."""
    request = {"answer": answer, "variables": ["x"], "kind": kind}
    with server.client() as client:
        preview = client.post("/api/preview", json=request).json()
    assert preview["ok"] is ok
    if ok and answer:
        assert preview["mathml"].startswith("<math")
    if not ok:
        assert preview["error"]["column"] == column
        assert preview["error"]["message"]
