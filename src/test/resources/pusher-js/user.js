// A real pusher-js client under node that signs in as a user (pusher.signin(), the user authentication a Laravel
// app does at /broadcasting/user-auth, signed here with the app secret by a customHandler), then prints one JSON line
// per state change, connection error, sign-in, server-to-user event (pusher.user.bind) and watchlist event
// (pusher.user.watchlist.bind). Usage: node user.js MODULE_DIR HOST PORT KEY SECRET USER_DATA_JSON
'use strict';
const [moduleDir, host, port, key, secret, userData] = process.argv.slice(2);
const Pusher = require(require('path').join(moduleDir, 'node_modules', 'pusher-js'));
const crypto = require('crypto');
const { emit, echoOptions, quitOnCommand } = require('./common.js');

const pusher = new Pusher(key, Object.assign(echoOptions(host, port), {
  userAuthentication: {
    customHandler: (params, callback) => {
      const signature = crypto.createHmac('sha256', secret)
        .update(params.socketId + '::user::' + userData).digest('hex');
      callback(null, { auth: key + ':' + signature, user_data: userData });
    },
  },
}));
pusher.connection.bind('state_change', (s) => emit('state', { from: s.previous, to: s.current }));
pusher.connection.bind('error', (e) => emit('error', { error: JSON.stringify(e && (e.error || e)) }));
pusher.connection.bind('message', (m) => {
  if (m.event === 'pusher:signin_success') {
    emit('signed-in', { socket: pusher.connection.socket_id });
  }
  if (m.event === 'pusher_internal:subscription_succeeded' && m.channel && m.channel.startsWith('#')) {
    emit('internal-subscribed', { channel: m.channel });
  }
});
pusher.user.bind_global((event, data) => emit('user-event', { event: event, data: JSON.stringify(data) }));
pusher.user.watchlist.bind('online', (e) => emit('watchlist', { name: 'online', ids: e.user_ids }));
pusher.user.watchlist.bind('offline', (e) => emit('watchlist', { name: 'offline', ids: e.user_ids }));
pusher.signin();
quitOnCommand(pusher);
