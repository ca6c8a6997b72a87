// Recall quizzes: immediate feedback, progress in localStorage, instant-navigation aware.
// Markup comes from gradfig.chapter.quiz (a fieldset of radios + a <details> worked answer). Without
// this script the Check button stays hidden and the worked answer is still one click away.
(function () {
  "use strict";
  var PREFIX = "gradfig-quiz:v1:";

  function load(id) {
    try { return JSON.parse(window.localStorage.getItem(PREFIX + id)); } catch (e) { return null; }
  }
  function save(id, state) {
    try { window.localStorage.setItem(PREFIX + id, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  function show(quiz, choice, announce) {
    var input = quiz.querySelector('input[value="' + choice + '"]');
    var feedback = quiz.querySelector(".gq__feedback");
    if (!input) return false;
    var right = input.hasAttribute("data-correct");
    var why = quiz.querySelector('.gq__why[data-for="' + choice + '"]');
    feedback.innerHTML = "";
    var verdict = document.createElement("strong");
    verdict.textContent = right ? "Correct. " : "Not quite. ";
    feedback.appendChild(verdict);
    if (why) feedback.insertAdjacentHTML("beforeend", why.innerHTML);
    if (!right) feedback.insertAdjacentHTML("beforeend", " Try another option, or open the worked answer.");
    feedback.className = "gq__feedback " + (right ? "gq__feedback--right" : "gq__feedback--wrong");
    quiz.classList.toggle("gq--solved", right);
    quiz.querySelectorAll(".gq__option").forEach(function (label) {
      label.classList.remove("gq__option--right", "gq__option--wrong");
    });
    input.closest(".gq__option").classList.add(right ? "gq__option--right" : "gq__option--wrong");
    if (right) quiz.querySelector(".gq__answer").open = true;
    if (!announce) feedback.setAttribute("data-restored", "true");
    return right;
  }

  function init(quiz) {
    if (quiz.dataset.gqReady) return;
    quiz.dataset.gqReady = "true";
    var id = quiz.getAttribute("data-gq");
    var button = quiz.querySelector(".gq__check");
    var feedback = quiz.querySelector(".gq__feedback");
    button.hidden = false;
    button.addEventListener("click", function () {
      var chosen = quiz.querySelector("input:checked");
      if (!chosen) {
        feedback.className = "gq__feedback gq__feedback--wrong";
        feedback.textContent = "Choose an answer first.";
        return;
      }
      var right = show(quiz, chosen.value, true);
      save(id, { choice: chosen.value, correct: right });
      updateProgress();
    });
    var stored = load(id);
    if (stored && typeof stored.choice === "string") {
      var input = quiz.querySelector('input[value="' + stored.choice + '"]');
      if (input) { input.checked = true; show(quiz, stored.choice, false); }
    }
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
        document.querySelectorAll(".gq").forEach(function (quiz) {
          try { window.localStorage.removeItem(PREFIX + quiz.getAttribute("data-gq")); } catch (e) { /* ignore */ }
          quiz.classList.remove("gq--solved");
          quiz.querySelectorAll("input").forEach(function (i) { i.checked = false; });
          quiz.querySelectorAll(".gq__option").forEach(function (l) {
            l.classList.remove("gq__option--right", "gq__option--wrong");
          });
          var fb = quiz.querySelector(".gq__feedback");
          fb.textContent = "";
          fb.className = "gq__feedback";
          quiz.querySelector(".gq__answer").open = false;
        });
        updateProgress();
      });
    }
  }

  function setup() {
    document.querySelectorAll(".gq").forEach(init);
    updateProgress();
  }

  // Material's instant navigation swaps page content without reloading scripts:
  // document$ emits on every page, including the first.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
