// Reference signup page: posts the form, checks the subdomain while typing, then follows the signup over SSE:
// steps with their measured durations, the time left, the email code, and the hand-off through enterUrl.
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
      new Signup(answer, body.email).start();
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

  // What each stage is called in the step list; an unknown stage shows the server's message.
  const STAGE_NAMES = {
    accepted: 'Signup accepted',
    choose_host: 'Choosing a server',
    claim_standby: 'Taking a ready-built site',
    create_site: 'Creating your site',
    generate_keys: 'Generating API keys',
    publish_site: 'Publishing your site',
    warm_up: 'Warming up your site',
    site_provisioned: 'Checking your site',
    keys_active: 'Creating your account',
    site_ready: 'Site built',
  };
  // Stages after which the site is built and only the email code stands between the customer and the site.
  const BUILT_STAGES = new Set(['site_ready']);

  const HEADINGS = {
    accepted: 'Signup accepted',
    building: 'Building your site',
    'waiting-code': 'Waiting for your code',
    ready: 'Your site is ready',
    failed: 'We could not create your site',
  };

  const RESEND_COOLDOWN_SECONDS = 30; // the server's default; a 429 says the exact wait in Retry-After

  class Signup {
    constructor(accepted, email) {
      this.id = accepted.tenantId;
      this.statusUrl = accepted.statusUrl;
      this.eventsUrl = accepted.eventsUrl;
      this.siteUrl = accepted.siteUrl;
      this.email = email;
      this.lastId = 0; // the last step shown; events at or below it are repeats and are dropped
      this.stages = []; // {stage, li, at}
      this.built = false;
      this.verification = null; // not_required | pending | verified | expired
      this.final = null; // the completed or failed step
      this.estimate = null; // {seconds, at}
      this.opened = 0;
      this.duplicates = 0;
      this.state = null;
    }

    start() {
      form.hidden = true;
      $('progress-panel').hidden = false;
      $('site-name').textContent = this.siteUrl;
      $('verification-email').textContent = this.email;
      $('verify').addEventListener('submit', (e) => {
        e.preventDefault();
        this.submitCode();
      });
      $('resend').addEventListener('click', () => this.resend());
      setInterval(() => this.showEstimate(), 1000);
      this.render();
      this.connect();
      this.refresh();
    }

    // EventSource reconnects by itself after a dropped or ended stream and sends Last-Event-ID, so the server
    // replays only what was missed. A refused reconnect (e.g. 429) closes it for good: open a new one then; it
    // replays from the start and the id check drops what was already shown.
    connect() {
      const source = new EventSource(this.eventsUrl, { withCredentials: true });
      this.source = source;
      source.addEventListener('open', () => {
        this.opened += 1;
        $('steps').dataset.connections = String(this.opened);
        $('steps').dataset.stream = 'open';
      });
      for (const kind of ['progress', 'verification', 'completed', 'failed']) {
        source.addEventListener(kind, (e) => this.receive(kind, JSON.parse(e.data)));
      }
      source.addEventListener('error', () => {
        $('steps').dataset.stream = 'closed';
        if (source.readyState === EventSource.CLOSED && !this.final) {
          setTimeout(() => this.connect(), 3000);
        }
      });
    }

    receive(kind, step) {
      if (step.id <= this.lastId) {
        this.duplicates += 1;
        $('steps').dataset.duplicates = String(this.duplicates);
        return;
      }
      this.lastId = step.id;
      if (kind === 'progress') {
        this.addStage(step);
        $('progress').value = step.percent;
        this.message = step.message;
        if (BUILT_STAGES.has(step.stage)) {
          // Built: nothing runs any more, so the row is ticked now and the wait for the code is not a duration.
          this.built = true;
          this.finishStages(null);
        }
        if (step.estimatedSecondsLeft !== undefined) this.setEstimate(step.estimatedSecondsLeft);
      } else if (kind === 'verification') {
        this.verification = step.verification === 'verified' ? 'verified' : 'pending';
        if (step.verification === 'code_sent') this.codeMessage('');
      } else {
        this.final = step;
        this.source.close();
        this.finishStages(step.at);
        if (kind === 'completed') {
          $('progress').value = 100;
          if (this.verification === 'pending') this.verification = 'verified';
        }
      }
      this.render();
      if (kind !== 'failed') this.refresh();
      if (kind === 'completed') this.enter(step.enterUrl || step.dashboardUrl);
    }

    // One row per stage (a stage's started and finished events share it); a stage is ticked when the next one
    // starts, and its duration is the time between the two as the pipeline measured it.
    addStage(step) {
      const current = this.stages[this.stages.length - 1];
      if (current && current.stage === step.stage) {
        if (!STAGE_NAMES[step.stage]) current.name.textContent = step.message;
        return;
      }
      this.finishStages(step.at);
      const li = document.createElement('li');
      li.dataset.stage = step.stage;
      li.className = 'current';
      li.setAttribute('aria-current', 'step');
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = STAGE_NAMES[step.stage] || step.message;
      const duration = document.createElement('span');
      duration.className = 'duration';
      li.append(name, duration);
      $('steps').appendChild(li);
      this.stages.push({ stage: step.stage, li, name, duration, at: Date.parse(step.at) });
      if (step.stage === 'claim_standby') $('path').hidden = false;
    }

    finishStages(at) {
      const current = this.stages[this.stages.length - 1];
      if (!current || current.li.classList.contains('done')) return;
      current.li.className = 'done';
      current.li.removeAttribute('aria-current');
      const ms = at ? Date.parse(at) - current.at : NaN;
      if (ms >= 0) {
        current.duration.textContent = formatDuration(ms);
        current.li.dataset.durationMs = String(ms);
      }
      const tick = document.createElement('span');
      tick.className = 'visually-hidden';
      tick.textContent = ' (done)';
      current.name.appendChild(tick);
    }

    // The status adds what the stream does not carry: the estimate, the path, the verification state.
    async refresh() {
      if (this.refreshing) {
        this.refreshAgain = true;
        return;
      }
      this.refreshing = true;
      try {
        const response = await fetch(this.statusUrl, { credentials: 'same-origin' });
        if (response.ok) {
          const status = await response.json();
          this.setEstimate(status.estimatedSecondsLeft);
          if (status.path === 'pool') $('path').hidden = false;
          if (status.emailVerification && this.verification !== 'verified') {
            this.verification = status.emailVerification;
          }
          if (status.status === 'awaiting_verification') this.built = true;
          this.render();
        }
      } catch (e) {
        // the stream is the source of truth; the next step refreshes again
      } finally {
        this.refreshing = false;
        if (this.refreshAgain) {
          this.refreshAgain = false;
          this.refresh();
        }
      }
    }

    setEstimate(seconds) {
      this.estimate = seconds === null || seconds === undefined ? null : { seconds, at: Date.now() };
    }

    stateName() {
      if (this.final) return this.final.event === 'failed' ? 'failed' : 'ready';
      if (this.verification === 'pending' && this.built) return 'waiting-code';
      return this.stages.some((s) => s.stage !== 'accepted') ? 'building' : 'accepted';
    }

    render() {
      const state = this.stateName();
      const panel = $('progress-panel');
      if (state !== this.state) {
        this.state = state;
        panel.dataset.state = state;
        $('state-heading').textContent = HEADINGS[state];
        // The end of the story is announced: focus moves to the heading (unless the customer is typing).
        const typing = document.activeElement && document.activeElement.tagName === 'INPUT';
        if ((state === 'ready' || state === 'failed') && !typing) $('state-heading').focus();
      }
      $('state-text').textContent = this.stateText(state);
      const asking = !this.final && this.verification === 'pending';
      $('verification').hidden = !asking;
      $('verified').hidden = this.verification !== 'verified' || state === 'failed';
      $('failure').hidden = state !== 'failed';
      $('restart').hidden = state !== 'failed';
      if (state === 'failed') {
        // What happened, what to do, and the support reference; never internals.
        $('failure').textContent = this.final.message;
        $('restart').hidden = this.final.retryable === false;
      }
      this.showEstimate();
    }

    stateText(state) {
      switch (state) {
        case 'accepted':
          return 'We are finding a server for your site.';
        case 'building':
          return this.message || 'Working…';
        case 'waiting-code':
          return 'Your site is built. Enter the code from the email we sent you to open it.';
        case 'ready':
          return 'Taking you to your site… If nothing happens, use the button below.';
        default:
          return '';
      }
    }

    showEstimate() {
      const element = $('estimate');
      const show = this.estimate && (this.state === 'accepted' || this.state === 'building');
      element.hidden = !show;
      if (!show) return;
      const left = Math.round(this.estimate.seconds - (Date.now() - this.estimate.at) / 1000);
      const text = left <= 5 ? 'Almost done.' : 'About ' + formatSeconds(left) + ' left.';
      if (element.textContent !== text) element.textContent = text;
    }

    // The enter URL mints a one-time login on each use; the button is for browsers that stop the redirect.
    enter(url) {
      if (!url) return;
      $('enter-link').href = url;
      $('enter').hidden = false;
      setTimeout(() => window.location.assign(url), 1500);
    }

    async submitCode() {
      const code = $('code').value.replace(/[\s-]/g, ''); // "123 456" as pasted from some mail clients
      if (!/^[0-9]{6}$/.test(code)) {
        $('code').setAttribute('aria-invalid', 'true');
        this.codeMessage('Enter the 6 digits from the email.', true);
        return;
      }
      $('verify-submit').disabled = true;
      try {
        const response = await this.post('/verification', { code });
        if (response.status === 204) {
          $('code').removeAttribute('aria-invalid');
          this.verification = 'verified';
          this.codeMessage('');
          this.render();
          return;
        }
        $('code').value = '';
        $('code').setAttribute('aria-invalid', 'true');
        this.codeMessage(await problemText(response), true);
        $('code').focus();
      } catch (e) {
        this.codeMessage('The signup service cannot be reached; please try again.', true);
      } finally {
        $('verify-submit').disabled = false;
      }
    }

    async resend() {
      const button = $('resend');
      button.disabled = true;
      try {
        const response = await this.post('/verification/resend');
        if (response.status === 202) {
          this.codeMessage('We sent a new code to ' + this.email + '.');
          this.cooldown(RESEND_COOLDOWN_SECONDS);
        } else if (response.status === 429) {
          // A cooldown says how long in Retry-After; without it no more codes can be sent for this signup.
          const wait = parseInt(response.headers.get('Retry-After'), 10);
          this.codeMessage(await problemText(response), true);
          if (wait > 0) this.cooldown(wait);
        } else {
          this.codeMessage(await problemText(response), true);
          button.disabled = response.status === 409 || response.status === 410;
        }
      } catch (e) {
        this.codeMessage('The signup service cannot be reached; please try again.', true);
        button.disabled = false;
      }
    }

    cooldown(seconds) {
      const button = $('resend');
      const until = Date.now() + seconds * 1000;
      const tick = () => {
        const left = Math.ceil((until - Date.now()) / 1000);
        if (left <= 0) {
          button.disabled = false;
          button.textContent = 'Send a new code';
          return;
        }
        button.disabled = true;
        button.textContent = 'Send a new code (in ' + left + ' s)';
        setTimeout(tick, 1000);
      };
      tick();
    }

    post(suffix, body) {
      const init = { method: 'POST', credentials: 'same-origin', headers: {} };
      if (body) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      return fetch(this.statusUrl + suffix, init);
    }

    codeMessage(text, bad) {
      const message = $('code-message');
      message.textContent = text;
      message.className = bad ? 'bad' : '';
    }
  }

  // The server's problem detail says what happened and what to do; the status alone when there is none.
  async function problemText(response) {
    try {
      const problem = await response.json();
      if (problem && problem.detail) return problem.detail;
    } catch (e) {
      // no problem body
    }
    return codeProblem(response.status);
  }

  function codeProblem(status) {
    switch (status) {
      case 422:
        return 'That code is not right. Check the email and try again.';
      case 429:
        return 'Too many wrong codes. Send yourself a new code, then try again.';
      case 410:
        return 'This code has expired. Send yourself a new code.';
      case 401:
      case 404:
        return 'This signup can no longer be confirmed here. Please sign up again.';
      default:
        return 'Something went wrong; please try again.';
    }
  }

  function formatDuration(ms) {
    if (ms < 10000) return (ms / 1000).toFixed(1) + ' s';
    return formatSeconds(Math.round(ms / 1000));
  }

  function formatSeconds(seconds) {
    if (seconds < 60) return seconds + ' s';
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    return rest === 0 ? minutes + ' min' : minutes + ' min ' + rest + ' s';
  }
})();
