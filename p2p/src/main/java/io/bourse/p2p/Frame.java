package io.bourse.p2p;

import io.bourse.core.types.ChainId;
import io.bourse.core.types.PublicKey;
import io.bourse.core.types.Signature;

/** One frame of the peer protocol; {@link FrameCodec} documents the wire format. */
sealed interface Frame {
    /** The protocol version this node speaks, carried in HELLO. */
    int PROTOCOL_VERSION = 1;
    int NONCE_LENGTH = 32;

    int TYPE_HELLO = 0x01;
    int TYPE_AUTH = 0x02;
    int TYPE_PING = 0x03;
    int TYPE_PONG = 0x04;
    int TYPE_MESSAGE = 0x05;
    int TYPE_GOODBYE = 0x06;

    /** Bytes of this frame after the length prefix (type byte included). */
    int wireSize();

    record Hello(int version, ChainId chainId, PublicKey key, byte[] nonce) implements Frame {
        public Hello {
            if (nonce.length != NONCE_LENGTH) {
                throw new IllegalArgumentException("a handshake nonce has " + NONCE_LENGTH + " bytes");
            }
        }

        @Override
        public int wireSize() {
            return 1 + 2 + 4 + chainId.value().length() + PublicKey.LENGTH + NONCE_LENGTH;
        }
    }

    record Auth(Signature signature) implements Frame {
        @Override
        public int wireSize() {
            return 1 + Signature.LENGTH;
        }
    }

    record Ping(long nonce) implements Frame {
        @Override
        public int wireSize() {
            return 9;
        }
    }

    record Pong(long nonce) implements Frame {
        @Override
        public int wireSize() {
            return 9;
        }
    }

    /** An opaque payload on a numbered channel (0 to 65535); the node gives channels their meaning. */
    record Message(int channel, byte[] payload) implements Frame {
        static final int MAX_CHANNEL = 0xFFFF;

        public Message {
            if (channel < 0 || channel > MAX_CHANNEL) {
                throw new IllegalArgumentException("a channel is 0 to " + MAX_CHANNEL + ", got " + channel);
            }
        }

        @Override
        public int wireSize() {
            return P2pOptions.MESSAGE_OVERHEAD + payload.length;
        }
    }

    /** Sent before a deliberate close, so the other side can log why. */
    record Goodbye(int reasonCode) implements Frame {
        @Override
        public int wireSize() {
            return 3;
        }
    }
}
