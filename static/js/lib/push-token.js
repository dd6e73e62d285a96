// Pure: the push service's token for this browser's subscription. Only the browser that subscribed may
// change or end its subscription, so the service gives it a token once (on the first subscribe) and wants
// it back with every later subscribe and unsubscribe. It is kept with the endpoint it belongs to, so a
// token of an earlier subscription is never sent for a new one.

/** The token saved for this endpoint, or undefined. `saved` is what storage holds: { endpoint, token }. */
export function tokenFor(saved, endpoint) {
  return saved && saved.endpoint === endpoint && typeof saved.token === 'string' ? saved.token : undefined;
}

/** The request body with the token for this endpoint added, if there is one. */
export function withToken(body, saved, endpoint) {
  const token = tokenFor(saved, endpoint);
  return token ? { ...body, token } : body;
}

/** What to keep after a subscribe answered `answer`: a newly issued token, else the saved one if it is
 * still for this endpoint, else null (nothing). */
export function keptAfter(answer, saved, endpoint) {
  if (answer && typeof answer.token === 'string') return { endpoint, token: answer.token };
  return tokenFor(saved, endpoint) ? saved : null;
}
