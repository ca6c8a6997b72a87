/*
 * Recall quizzes, their page component (DOM): immediate feedback, progress in localStorage.
 * Markup comes from chapter.quiz: a fieldset of radios (choice questions) or a text input (typed
 * questions, marked data-quiz-question), each with a <details> worked answer. Without this
 * script the Check buttons stay hidden and every worked answer is one click away. After Check,
 * the feedback element carries data-quiz-result="correct" or "wrong". Bundled into the site's
 * script (site.mjs), which calls startQuizzes once per page load.
 */
import { accepts, parseNumbers } from "./quiz-numbers.mjs";

var PREFIX = "gradfig-quiz:v1:";

function load(id) {
  try { return JSON.parse(window.localStorage.getItem(PREFIX + id)); } catch (e) { return null; }
}
function save(id, state) {
  try { window.localStorage.setItem(PREFIX + id, JSON.stringify(state)); } catch (e) { /* private mode */ }
}

function verdict(quiz, right, html, restored) {
  var feedback = quiz.querySelector(".gq__feedback");
  feedback.innerHTML = "";
  var head = document.createElement("strong");
  head.textContent = right ? "Correct. " : "Not quite. ";
  feedback.appendChild(head);
  feedback.insertAdjacentHTML("beforeend", html);
  feedback.className = "gq__feedback " + (right ? "gq__feedback--right" : "gq__feedback--wrong");
  feedback.setAttribute("data-quiz-result", right ? "correct" : "wrong");
  if (restored) feedback.setAttribute("data-restored", "true");
  else feedback.removeAttribute("data-restored");
  quiz.classList.toggle("gq--solved", right);
  if (right) quiz.querySelector(".gq__answer").open = true;
}

// --- choice questions --------------------------------------------------------------------
function showChoice(quiz, choice, restored) {
  var input = quiz.querySelector('input[value="' + choice + '"]');
  if (!input) return false;
  var right = input.hasAttribute("data-correct");
  var why = quiz.querySelector('.gq__why[data-for="' + choice + '"]');
  verdict(quiz, right, (why ? why.innerHTML : "") +
          (right ? "" : " Try another option, or open the worked answer."), restored);
  quiz.querySelectorAll(".gq__option").forEach(function (label) {
    label.classList.remove("gq__option--right", "gq__option--wrong");
  });
  input.closest(".gq__option").classList.add(right ? "gq__option--right" : "gq__option--wrong");
  return right;
}

// --- typed questions: read as chapter.quiz reads them (quiz-numbers.mjs) ----------------------
function showTyped(quiz, text, restored) {
  var spec = JSON.parse(quiz.getAttribute("data-quiz-spec"));
  if (!text.trim()) {
    verdict(quiz, false, "Type an answer first.", restored);
    return false;
  }
  var right = accepts(spec, spec.answer, text);
  var html;
  if (right) {
    html = quiz.querySelector(".gq__right").innerHTML;
  } else {
    var trap = Array.prototype.find.call(quiz.querySelectorAll(".gq__trap"), function (t) {
      return accepts(spec, JSON.parse(t.getAttribute("data-trap")).value, text);
    });
    html = (trap || quiz.querySelector(".gq__hint")).innerHTML;
    if (spec.kind === "numbers") {
      var count = parseNumbers(text).length;
      if (count !== spec.answer.length) {
        html += " The answer has " + spec.answer.length + (spec.answer.length === 1 ? " number" : " numbers") +
          "; you typed " + count + ".";
      }
    }
    html += " Try again, or open the worked answer.";
  }
  verdict(quiz, right, html, restored);
  return right;
}

function init(quiz) {
  if (quiz.dataset.gqReady) return;
  quiz.dataset.gqReady = "true";
  var id = quiz.getAttribute("data-gq");
  var button = quiz.querySelector(".gq__check");
  var field = quiz.querySelector(".gq__input");
  button.hidden = false;
  function check() {
    var right;
    if (field) {
      right = showTyped(quiz, field.value, false);
      save(id, { typed: field.value, correct: right });
    } else {
      var chosen = quiz.querySelector("input:checked");
      if (!chosen) {
        verdict(quiz, false, "Choose an answer first.", false);
        return;
      }
      right = showChoice(quiz, chosen.value, false);
      save(id, { choice: chosen.value, correct: right });
    }
    updateProgress();
  }
  button.addEventListener("click", check);
  if (field) {
    field.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); check(); }
    });
  }
  var stored = load(id);
  if (stored && field && typeof stored.typed === "string") {
    field.value = stored.typed;
    showTyped(quiz, stored.typed, true);
  } else if (stored && !field && typeof stored.choice === "string") {
    var input = quiz.querySelector('input[value="' + stored.choice + '"]');
    if (input) { input.checked = true; showChoice(quiz, stored.choice, true); }
  }
}

function clear(quiz) {
  try { window.localStorage.removeItem(PREFIX + quiz.getAttribute("data-gq")); } catch (e) { /* ignore */ }
  quiz.classList.remove("gq--solved");
  quiz.querySelectorAll("input[type=radio]").forEach(function (i) { i.checked = false; });
  quiz.querySelectorAll(".gq__input").forEach(function (i) { i.value = ""; });
  quiz.querySelectorAll(".gq__option").forEach(function (l) {
    l.classList.remove("gq__option--right", "gq__option--wrong");
  });
  var fb = quiz.querySelector(".gq__feedback");
  fb.textContent = "";
  fb.className = "gq__feedback";
  fb.removeAttribute("data-quiz-result");
  quiz.querySelector(".gq__answer").open = false;
}

function updateProgress() {
  var box = document.querySelector(".gq-progress");
  if (!box) return;
  var quizzes = document.querySelectorAll(".gq");
  var solved = document.querySelectorAll(".gq.gq--solved").length;
  box.hidden = false;
  box.querySelector(".gq-progress__text").textContent =
    solved + " of " + quizzes.length + " answered correctly (kept in this browser).";
  var reset = box.querySelector("button");
  if (!reset.dataset.gqReady) {
    reset.dataset.gqReady = "true";
    reset.addEventListener("click", function () {
      document.querySelectorAll(".gq").forEach(clear);
      updateProgress();
    });
  }
}

/* Make every quiz of the page answerable (each once), and show the progress. */
export function startQuizzes() {
  document.querySelectorAll(".gq").forEach(init);
  updateProgress();
}
