// A real pusher-js client under node for the restart tests: connects, subscribes and prints one JSON line
// per state change, subscription and event, with a millisecond timestamp. Reads commands on stdin:
// "quit" disconnects and exits. Usage: node client.js MODULE_DIR HOST PORT KEY CHANNEL
'use strict';
const [moduleDir, host, port, key, channelName] = process.argv.slice(2);
const Pusher = require(require('path').join(moduleDir, 'node_modules', 'pusher-js'));

function emit(type, fields) {
  process.stdout.write(JSON.stringify(Object.assign({ t: Date.now(), type: type }, fields || {})) + '\n');
}

// What Laravel Echo passes for Reverb (broadcaster 'reverb'): ws/wss only, no stats.
const pusher = new Pusher(key, {
  cluster: 'mt1',
  wsHost: host,
  wsPort: Number(port),
  wssPort: Number(port),
  forceTLS: false,
  enabledTransports: ['ws', 'wss'],
  disableStats: true,
});
pusher.connection.bind('state_change', (s) => emit('state', { from: s.previous, to: s.current }));
pusher.connection.bind('error', (e) => emit('error', { error: JSON.stringify(e && (e.error || e)) }));
const channel = pusher.subscribe(channelName);
channel.bind('pusher:subscription_succeeded', () => emit('subscribed', { socket: pusher.connection.socket_id }));
channel.bind_global((event, data) => {
  if (!event.startsWith('pusher')) {
    emit('event', { event: event, data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
});
process.stdin.on('data', (d) => {
  if (d.toString().includes('quit')) {
    pusher.disconnect();
    process.exit(0);
  }
});
process.stdin.on('end', () => process.exit(0));
// Never outlive a test that forgot it.
setTimeout(() => process.exit(3), 200000).unref();
