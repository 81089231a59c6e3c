package dev.reverbj.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A presence channel: subscribers plus the members they stand for. Members are unique by user id; a
 * user with several connections (tabs) is one member whose first connection's user_info wins. Member state
 * is guarded by the channel's monitor; joins and leaves are rare next to broadcasts, which take no lock.
 */
public final class PresenceChannel extends Channel {
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<SocketId, String> userBySocket = new LinkedHashMap<>();

    private static final class Member {
        final String userInfo;
        int connections;

        Member(String userInfo) {
            this.userInfo = userInfo;
        }
    }

    PresenceChannel(ChannelName name) {
        super(name);
    }

    @Override
    synchronized boolean join(Connection connection, PresenceMember member, int maxMembers) {
        SocketId socketId = connection.socketId();
        if (userBySocket.containsKey(socketId)) {
            return false;
        }
        Member existing = members.get(member.userId());
        if (existing == null && members.size() >= maxMembers) {
            throw new PusherException(PusherError.PRESENCE_FULL,
                    "Presence channel is full (" + maxMembers + " members)", name());
        }
        super.join(connection, member, maxMembers);
        userBySocket.put(socketId, member.userId());
        if (existing != null) {
            existing.connections++;
            return false;
        }
        Member added = new Member(member.userInfo());
        added.connections = 1;
        members.put(member.userId(), added);
        return true;
    }

    @Override
    synchronized String leave(Connection connection) {
        super.leave(connection);
        String userId = userBySocket.remove(connection.socketId());
        if (userId == null) {
            return null;
        }
        Member member = members.get(userId);
        if (member != null && --member.connections <= 0) {
            members.remove(userId);
            return userId;
        }
        return null;
    }

    @Override
    public synchronized String userIdOf(SocketId socketId) {
        return userBySocket.get(socketId);
    }

    @Override
    public synchronized Map<String, String> roster() {
        Map<String, String> roster = new LinkedHashMap<>();
        members.forEach((id, m) -> roster.put(id, m.userInfo));
        return roster;
    }

    @Override
    public synchronized boolean hasMember(String userId) {
        return members.containsKey(userId);
    }

    /** User id to user_info JSON text, in join order; a copy. */
    public Map<String, String> members() {
        return roster();
    }

    @Override
    public synchronized int userCount() {
        return members.size();
    }

    @Override
    public synchronized List<String> userIds() {
        return List.copyOf(members.keySet());
    }
}
