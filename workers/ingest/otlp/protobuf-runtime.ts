/**
 * protobufjs picks Node's Buffer when it sees one; under workerd's nodejs_compat that Buffer
 * rejects the writes protobufjs makes into pooled slices. Plain Uint8Array readers and writers
 * work everywhere, so use those. Import this before generated.js.
 */
import protobuf from "protobufjs/minimal.js";

(protobuf.util as { Buffer: unknown }).Buffer = null;
protobuf.Writer.create = () => new protobuf.Writer();
protobuf.Reader.create = (buffer: Uint8Array) => new protobuf.Reader(buffer);

export default protobuf;
