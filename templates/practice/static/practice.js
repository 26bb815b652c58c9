// Practice page: asks the JSON API for problems, previews answers while typing, shows verdicts.
// Every sentence comes from the server-rendered #strings block; math arrives as server-made MathML.
"use strict";

(function () {
  const strings = JSON.parse(document.getElementById("strings").textContent);
  const lang = strings.lang;
  const $ = (id) => document.getElementById(id);
  const say = (template, params) =>
    template.replace(/\{(\w+)\}/g, (_, name) => String(params[name]));
  let problem = null;
  let timers = new Map();

  async function api(path, body) {
    const options = body === undefined ? {} : {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(body),
    };
    const response = await fetch(path, options);
    const data = await response.json();
    if (!response.ok) {
      throw new Error(data.message || strings.failed);
    }
    return data;
  }

  function status(text) {
    $("status").textContent = text;
  }

  async function loadTemplates() {
    const topic = $("topic").value;
    const query = new URLSearchParams({lang});
    if (topic) query.set("topic", topic);
    const select = $("template");
    select.replaceChildren();
    try {
      const data = await api("/api/templates?" + query.toString());
      for (const template of data.templates) {
        const option = document.createElement("option");
        option.value = template.id;
        option.textContent = template.title || template.id;
        select.append(option);
      }
      $("new-problem").disabled = data.templates.length === 0;
      if (data.templates.length === 0) status(strings.noTemplates);
    } catch (error) {
      status(error.message);
    }
  }

  async function newProblem(event) {
    event.preventDefault();
    const template = $("template").value;
    if (!template) return;
    status(strings.loading);
    try {
      problem = await api("/api/problems", {template, lang});
      showProblem(problem);
      status(strings.ready);
      const first = document.querySelector("#parts input");
      if (first) first.focus();
    } catch (error) {
      status(error.message);
    }
  }

  function showProblem(data) {
    $("statement").innerHTML = data.statement_mathml;
    const figure = $("figure");
    figure.innerHTML = data.figure_svg || "";
    if (data.figure_description) {
      const caption = document.createElement("p");
      caption.className = "figure-description";
      caption.textContent = data.figure_description;
      figure.append(caption);
    }
    const parts = $("parts");
    parts.replaceChildren();
    for (const part of data.parts) {
      const node = $("part-template").content.firstElementChild.cloneNode(true);
      node.dataset.label = part.label;
      node.querySelector(".part-label").textContent = say(strings.part, {label: part.label});
      node.querySelector(".prompt").innerHTML = part.prompt_mathml || "";
      const input = node.querySelector("input.answer");
      const inputId = "answer-" + part.label;
      input.id = inputId;
      input.name = part.label;
      input.setAttribute("aria-label", say(strings.part, {label: part.label}));
      const choices = node.querySelector(".choices");
      if (part.choices) {
        node.querySelector(".entry").hidden = true;
        node.querySelector(".preview").hidden = true;
        for (const choice of part.choices) {
          const label = document.createElement("label");
          const radio = document.createElement("input");
          radio.type = "radio";
          radio.name = "choice-" + part.label;
          radio.value = choice.answer;
          label.append(radio, choice.label === choice.answer ? " " : " " + choice.label + ". ");
          const math = document.createElement("span");
          math.innerHTML = choice.answer_mathml;
          label.append(math);
          choices.append(label);
        }
      } else {
        choices.hidden = true;
        input.addEventListener("input", () => schedulePreview(node, input.value, part.kind));
      }
      parts.append(node);
    }
    $("problem").hidden = false;
  }

  function schedulePreview(node, text, kind) {
    clearTimeout(timers.get(node));
    timers.set(node, setTimeout(() => showPreview(node, text, kind), 150));
  }

  async function showPreview(node, text, kind) {
    const math = node.querySelector(".preview-math");
    const error = node.querySelector(".preview-error");
    try {
      const data = await api("/api/preview", {
        answer: text, variables: problem.variables, functions: problem.functions, kind, lang,
      });
      if (data.ok) {
        math.innerHTML = data.mathml || "";
        error.hidden = true;
        error.textContent = "";
      } else {
        math.textContent = "";
        const where = data.error.column ? " (" + say(strings.column, {column: data.error.column}) + ")" : "";
        error.textContent = data.error.message + where + (data.error.excerpt ? "\n" + data.error.excerpt : "");
        error.hidden = false;
      }
    } catch (failure) {
      math.textContent = "";
      error.textContent = failure.message;
      error.hidden = false;
    }
  }

  function answerOf(node) {
    const checked = node.querySelector(".choices input:checked");
    if (checked) return checked.value;
    return node.querySelector("input.answer").value;
  }

  async function submit(event) {
    event.preventDefault();
    if (!problem) return;
    const answers = {};
    for (const node of document.querySelectorAll("#parts .part")) {
      const answer = answerOf(node).trim();
      if (answer) answers[node.dataset.label] = answer;
    }
    status(strings.loading);
    try {
      const data = await api("/api/problems/grade", {
        template: problem.template, seed: problem.seed, answers, lang,
      });
      showVerdicts(data);
      status(strings.checked + " " + say(strings.score, {score: data.score, points: data.points}));
    } catch (error) {
      status(error.message);
    }
  }

  function showVerdicts(data) {
    for (const graded of data.parts) {
      const node = document.querySelector(`#parts .part[data-label="${CSS.escape(graded.label)}"]`);
      if (!node) continue;
      const result = node.querySelector(".result");
      result.hidden = false;
      const verdict = node.querySelector(".verdict");
      const status = graded.verdict ? graded.verdict.status : "unanswered";
      verdict.textContent = strings[status];
      verdict.className = "verdict " + status;
      node.querySelector(".feedback").innerHTML = graded.verdict ? graded.verdict.feedback_html : "";
      const key = node.querySelector(".key");
      key.hidden = !graded.key;
      if (graded.key) {
        node.querySelector(".key-math").innerHTML = graded.key.answer_mathml;
        const steps = node.querySelector(".steps");
        steps.replaceChildren();
        for (const step of graded.key.steps) {
          const item = document.createElement("li");
          const explanation = document.createElement("p");
          explanation.innerHTML = step.explanation_html;
          const math = document.createElement("div");
          math.innerHTML = step.mathml;
          item.append(explanation, math);
          steps.append(item);
        }
      }
    }
  }

  $("topic").addEventListener("change", loadTemplates);
  $("picker").addEventListener("submit", newProblem);
  $("answers").addEventListener("submit", submit);
  loadTemplates();
})();
