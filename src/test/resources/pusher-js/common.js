// What the pusher-js test clients share: one JSON line per observation, and the options Laravel Echo passes for
// Reverb (broadcaster 'reverb': ws/wss only, no stats) aimed at HOST:PORT.
'use strict';

function emit(type, fields) {
  process.stdout.write(JSON.stringify(Object.assign({ t: Date.now(), type: type }, fields || {})) + '\n');
}

function echoOptions(host, port) {
  return {
    cluster: 'mt1',
    wsHost: host,
    wsPort: Number(port),
    wssPort: Number(port),
    forceTLS: false,
    enabledTransports: ['ws', 'wss'],
    disableStats: true,
  };
}

// "quit" on stdin disconnects and exits; the end of stdin exits; never outlive a test that forgot the client.
function quitOnCommand(pusher) {
  process.stdin.on('data', (d) => {
    if (d.toString().includes('quit')) {
      pusher.disconnect();
      process.exit(0);
    }
  });
  process.stdin.on('end', () => process.exit(0));
  setTimeout(() => process.exit(3), 200000).unref();
}

module.exports = { emit, echoOptions, quitOnCommand };
