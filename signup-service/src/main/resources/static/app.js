// Reference signup page: posts the form, checks the subdomain while typing, follows progress over SSE.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const form = $('signup');
  const subdomain = $('subdomain');
  const check = $('subdomain-check');
  let checkTimer;

  subdomain.addEventListener('input', () => {
    clearTimeout(checkTimer);
    const name = subdomain.value.trim().toLowerCase();
    check.textContent = '';
    check.className = '';
    if (!name) return;
    checkTimer = setTimeout(async () => {
      const response = await fetch('/api/subdomains/' + encodeURIComponent(name));
      if (!response.ok || subdomain.value.trim().toLowerCase() !== name) return;
      const answer = await response.json();
      check.textContent = answer.available ? name + ' is available' : (answer.detail || name + ' is ' + answer.reason);
      check.className = answer.available ? 'ok' : 'bad';
    }, 250);
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const errors = $('form-errors');
    errors.replaceChildren();
    $('submit').disabled = true;
    const body = {
      organization: $('organization').value,
      fullName: $('fullName').value,
      email: $('email').value,
      password: $('password').value,
      plan: $('plan').value,
    };
    if (subdomain.value.trim()) body.subdomain = subdomain.value.trim();
    try {
      const response = await fetch('/api/signups', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(body),
      });
      const answer = await response.json();
      if (response.status !== 202) {
        showProblem(errors, answer);
        $('submit').disabled = false;
        return;
      }
      $('password').value = '';
      follow(answer);
    } catch (e) {
      showProblem(errors, { detail: 'The signup service cannot be reached; please try again.' });
      $('submit').disabled = false;
    }
  });

  function showProblem(list, problem) {
    const items = (problem.errors || []).map((e) => e.field + ' ' + e.message);
    if (items.length === 0) items.push(problem.detail || problem.title || 'Something went wrong.');
    for (const text of items) {
      const li = document.createElement('li');
      li.textContent = text;
      list.appendChild(li);
    }
  }

  function follow(signup) {
    form.hidden = true;
    $('progress-panel').hidden = false;
    $('site-name').textContent = signup.siteUrl;
    // EventSource reconnects by itself and sends Last-Event-ID, so a dropped connection resumes where it was.
    const source = new EventSource(signup.eventsUrl, { withCredentials: true });
    const show = (step) => {
      $('progress').value = step.percent;
      $('message').textContent = step.message;
    };
    source.addEventListener('progress', (e) => show(JSON.parse(e.data)));
    source.addEventListener('completed', (e) => {
      const step = JSON.parse(e.data);
      source.close();
      show(step);
      $('dashboard').href = step.dashboardUrl;
      $('done').hidden = false;
    });
    source.addEventListener('failed', (e) => {
      const step = JSON.parse(e.data);
      source.close();
      $('message').textContent = '';
      // The message says what happened, what to do, and the support reference; never internals.
      $('failure').textContent = step.message;
      $('failure').hidden = false;
    });
  }
})();
