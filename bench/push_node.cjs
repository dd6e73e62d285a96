// Node's web-push sending one share of bench/push.py's subscriptions to its fake push service.
// stdin: {"subscriptions": [PushSubscription JSON], "authorization": "vapid t=…", "payload": base64,
//         "ttl": seconds, "inFlight": n}; stdout: {"sent": n, "cpuMs": ms}.
// Each notification is encrypted by web-push (aes128gcm) and sent with its sendNotification(), with the
// VAPID header signed once beforehand, as send-due does.
'use strict';
const http = require('http');
const https = require('https');
const path = require('path');

// web-push always calls https.request; the fake push service speaks plain HTTP on 127.0.0.1, as it
// does for send-due and pywebpush. Node 20's global agent keeps connections open.
https.request = http.request;
const webpush = require(path.join(__dirname, '.tools', 'node_modules', 'web-push'));

let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const job = JSON.parse(input);
  const payload = Buffer.from(job.payload, 'base64');
  const options = { TTL: job.ttl, urgency: 'normal', topic: 'bench', headers: { Authorization: job.authorization } };
  let next = 0;
  let sent = 0;
  const started = process.cpuUsage();
  async function worker() {
    while (next < job.subscriptions.length) {
      const subscription = job.subscriptions[next++];
      const answer = await webpush.sendNotification(subscription, payload, options);
      if (answer.statusCode === 201) sent++;
    }
  }
  await Promise.all(Array.from({ length: job.inFlight }, worker));
  const cpu = process.cpuUsage(started);
  process.stdout.write(JSON.stringify({ sent, cpuMs: (cpu.user + cpu.system) / 1000 }) + '\n');
});
