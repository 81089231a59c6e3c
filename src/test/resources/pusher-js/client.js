// A real pusher-js client under node for the restart tests: connects, subscribes and prints one JSON line
// per state change, subscription and event, with a millisecond timestamp. Reads commands on stdin:
// "quit" disconnects and exits. Usage: node client.js MODULE_DIR HOST PORT KEY CHANNEL
'use strict';
const [moduleDir, host, port, key, channelName] = process.argv.slice(2);
const Pusher = require(require('path').join(moduleDir, 'node_modules', 'pusher-js'));
const { emit, echoOptions, quitOnCommand } = require('./common.js');

const pusher = new Pusher(key, echoOptions(host, port));
pusher.connection.bind('state_change', (s) => emit('state', { from: s.previous, to: s.current }));
pusher.connection.bind('error', (e) => emit('error', { error: JSON.stringify(e && (e.error || e)) }));
const channel = pusher.subscribe(channelName);
channel.bind('pusher:subscription_succeeded', () => emit('subscribed', { socket: pusher.connection.socket_id }));
channel.bind_global((event, data) => {
  if (!event.startsWith('pusher')) {
    emit('event', { event: event, data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
});
quitOnCommand(pusher);
