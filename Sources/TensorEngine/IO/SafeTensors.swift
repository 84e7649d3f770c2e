import Foundation

/// Checkpoints in the safetensors format (https://github.com/huggingface/safetensors),
/// readable and writable by PyTorch's `safetensors.torch.save_file` / `load_file`.
///
/// Layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (`{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, ...,
/// "__metadata__": {string: string}}`, padded with spaces to a multiple of 8), then
/// the tensors' little-endian bytes, contiguous, with offsets relative to that buffer.
///
/// Tensor names are the caller's stable dotted names (e.g.
/// "encoder.layer1.0.conv1.weight"); values are stored row-major exactly as PyTorch
/// does: activations NCHW, convolution weights (out, in, kh, kw).
public enum SafeTensors {
    /// Writes `tensors` as Float32 ("F32"), sorted by name, with `metadata` under
    /// "__metadata__". The file is written to a temporary file in the same directory
    /// and renamed into place, so an interrupted write never leaves a partial
    /// checkpoint at `url`. The name "__metadata__" is reserved.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:],
                             to url: URL) throws {
        if tensors["__metadata__"] != nil {
            throw SafeTensorsError.unwritable(path: url.path,
                                              reason: "the tensor name '__metadata__' is reserved")
        }
        let file = encode(tensors.sorted { $0.key < $1.key }, metadata: metadata)
        try replaceAtomically(url, with: file)
    }

    /// Reads every tensor and the metadata of the file at `url`.
    ///
    /// F32 is read as is; F64, F16, BF16, the signed and unsigned integer types
    /// and BOOL are converted to Float32. The file must follow the format exactly:
    /// offsets in range, not overlapping and covering the whole data buffer, and
    /// each tensor's byte count equal to its shape's element count times its size.
    public static func read(from url: URL) throws -> (tensors: [String: Tensor],
                                                        metadata: [String: String]) {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw SafeTensorsError.unreadable(path: url.path, reason: describe(error))
        }
        return try data.withUnsafeBytes { try decode($0, path: url.path) }
    }
}

// MARK: - Writing

extension SafeTensors {
    /// The complete file: length, padded JSON header, then the tensors in `tensors` order.
    static func encode(_ tensors: [(key: String, value: Tensor)],
                       metadata: [String: String]) -> Data {
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }
                .map { "\(jsonString($0.key)):\(jsonString($0.value))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for (name, tensor) in tensors {
            let end = offset + tensor.count * MemoryLayout<Float>.size
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append("\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],"
                           + "\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)

        var file = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: header)
        for (_, tensor) in tensors { appendLittleEndian(tensor, to: &file) }
        return file
    }

    private static func appendLittleEndian(_ tensor: Tensor, to file: inout Data) {
        #if _endian(little)
        file.append(UnsafeBufferPointer(start: tensor.data, count: tensor.count))
        #else
        for value in tensor.storage.buffer {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { file.append(contentsOf: $0) }
        }
        #endif
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Writes `data` to a hidden temporary file beside `url`, flushes it to disk and
    /// renames it over `url` (rename is atomic within a directory).
    private static func replaceAtomically(_ url: URL, with data: Data) throws {
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw SafeTensorsError.unwritable(
                path: url.path, reason: "directory '\(directory.path)' does not exist")
        }
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(UUID().uuidString).partial")
        do {
            try data.write(to: temporary, options: .withoutOverwriting)
            let handle = try FileHandle(forUpdating: temporary)
            defer { try? handle.close() }
            try handle.synchronize()
            if rename(temporary.path, url.path) != 0 {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw SafeTensorsError.unwritable(path: url.path, reason: describe(error))
        }
    }
}

// MARK: - Reading

extension SafeTensors {
    /// One tensor's header entry.
    private struct Entry: Decodable {
        let dtype: String
        let shape: [Int]
        let dataOffsets: [Int]

        enum CodingKeys: String, CodingKey {
            case dtype, shape
            case dataOffsets = "data_offsets"
        }
    }

    /// The JSON header: tensor entries plus the optional "__metadata__" map.
    private struct Header: Decodable {
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]

        struct Key: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            for key in container.allKeys {
                if key.stringValue == "__metadata__" {
                    metadata = try container.decode([String: String].self, forKey: key)
                } else {
                    entries[key.stringValue] = try container.decode(Entry.self, forKey: key)
                }
            }
        }
    }

    /// Parses a whole file held in memory.
    static func decode(_ file: UnsafeRawBufferPointer, path: String) throws
        -> (tensors: [String: Tensor], metadata: [String: String]) {
        let (header, headerEnd) = try parseHeader(file, path: path)
        let buffer = UnsafeRawBufferPointer(rebasing: file[headerEnd...])
        var tensors: [String: Tensor] = [:]
        var spans: [(name: String, begin: Int, end: Int)] = []
        // Sorted so that a file with several problems always reports the same one.
        for (name, entry) in header.entries.sorted(by: { $0.key < $1.key }) {
            tensors[name] = try tensor(name, entry, in: buffer, path: path)
            spans.append((name, entry.dataOffsets[0], entry.dataOffsets[1]))
        }
        try checkCoverage(spans, bufferSize: buffer.count, path: path)
        return (tensors, header.metadata)
    }

    /// Decodes the length prefix and the JSON header; returns where the data buffer starts.
    private static func parseHeader(_ file: UnsafeRawBufferPointer, path: String) throws
        -> (Header, dataStart: Int) {
        func headerError(_ reason: String) -> SafeTensorsError {
            .invalidHeader(path: path, reason: reason)
        }
        guard file.count >= 8 else {
            throw headerError("the file has \(file.count) bytes, fewer than the 8-byte header length")
        }
        let declared = UInt64(littleEndian: file.loadUnaligned(as: UInt64.self))
        guard declared <= UInt64(file.count - 8) else {
            throw headerError("header length \(declared) exceeds the \(file.count - 8) bytes "
                              + "after it (truncated or not a safetensors file)")
        }
        let dataStart = 8 + Int(declared)
        do {
            return (try JSONDecoder().decode(Header.self, from: Data(file[8..<dataStart])), dataStart)
        } catch {
            throw headerError(describeJSONError(error))
        }
    }

    /// Checks one entry against the data buffer and converts its bytes to Float32.
    private static func tensor(_ name: String, _ entry: Entry, in buffer: UnsafeRawBufferPointer,
                               path: String) throws -> Tensor {
        func tensorError(_ reason: String) -> SafeTensorsError {
            .invalidTensor(path: path, name: name, reason: reason)
        }
        guard let dtype = DType(rawValue: entry.dtype) else {
            throw tensorError("unsupported dtype '\(entry.dtype)'")
        }
        guard entry.shape.allSatisfy({ $0 >= 0 }), let count = product(entry.shape) else {
            throw tensorError("invalid shape \(entry.shape)")
        }
        guard entry.dataOffsets.count == 2 else {
            throw tensorError("data_offsets must be [begin, end], got \(entry.dataOffsets)")
        }
        let (begin, end) = (entry.dataOffsets[0], entry.dataOffsets[1])
        guard begin >= 0, begin <= end else {
            throw tensorError("data_offsets [\(begin), \(end)] are not an ascending pair")
        }
        guard end <= buffer.count else {
            throw tensorError("data_offsets [\(begin), \(end)] lie outside the data buffer "
                              + "of \(buffer.count) bytes (truncated file?)")
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.size)
        guard !overflow, bytes == end - begin else {
            throw tensorError("shape \(entry.shape) of \(entry.dtype) needs "
                              + "\(overflow ? "too many" : String(bytes)) bytes, "
                              + "data_offsets [\(begin), \(end)] hold \(end - begin)")
        }
        let tensor = Tensor(uninitializedShape: entry.shape)
        dtype.convert(UnsafeRawBufferPointer(rebasing: buffer[begin..<end]), to: tensor.data, count: count)
        return tensor
    }

    /// The spec requires the tensors to tile the data buffer exactly: no overlaps, no holes.
    private static func checkCoverage(_ spans: [(name: String, begin: Int, end: Int)],
                                      bufferSize: Int, path: String) throws {
        var position = 0
        var previous: String?
        for span in spans.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            if span.begin < position, let previous {
                throw SafeTensorsError.invalidTensor(
                    path: path, name: span.name,
                    reason: "data_offsets [\(span.begin), \(span.end)] overlap tensor '\(previous)'")
            }
            if span.begin > position {
                throw SafeTensorsError.invalidHeader(
                    path: path, reason: "bytes \(position)..<\(span.begin) of the data buffer "
                                        + "belong to no tensor")
            }
            position = span.end
            previous = span.name
        }
        if position != bufferSize {
            throw SafeTensorsError.invalidHeader(
                path: path, reason: "the data buffer has \(bufferSize) bytes but the tensors "
                                    + "cover only \(position)")
        }
    }

    /// The element count of a shape, or nil if it overflows Int.
    private static func product(_ shape: [Int]) -> Int? {
        var count = 1
        for extent in shape {
            let (next, overflow) = count.multipliedReportingOverflow(by: extent)
            if overflow { return nil }
            count = next
        }
        return count
    }

    /// A readable account of a JSONDecoder failure, naming the offending entry.
    private static func describeJSONError(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "header: \(error)" }
        let context: DecodingError.Context
        var problem: String
        switch error {
        case .keyNotFound(let key, let c): context = c; problem = "missing key '\(key.stringValue)'"
        case .typeMismatch(let type, let c): context = c; problem = "expected \(type)"
        case .valueNotFound(let type, let c): context = c; problem = "expected \(type), found null"
        case .dataCorrupted(let c): context = c; problem = "header is not valid JSON"
        @unknown default: return "header: \(error)"
        }
        guard let entry = context.codingPath.first?.stringValue else { return problem }
        let field = context.codingPath.dropFirst().map { $0.intValue.map(String.init) ?? $0.stringValue }
        if !field.isEmpty { problem += " at '\(field.joined(separator: "."))'" }
        return "header entry '\(entry)': \(problem)"
    }

    /// The reason inside a Foundation or POSIX error, without the wrapper noise.
    static func describe(_ error: Error) -> String {
        if let cocoa = error as? CocoaError, cocoa.code == .fileReadNoSuchFile {
            return "file not found"
        }
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey]
        if let posix = (error as? POSIXError) ?? (underlying as? POSIXError) {
            return String(cString: strerror(posix.code.rawValue))
        }
        if let nsError = underlying as? NSError, nsError.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(truncatingIfNeeded: nsError.code)))
        }
        return error.localizedDescription
    }
}

// MARK: - Element types

extension SafeTensors {
    /// The dtypes accepted on read, with their safetensors names.
    enum DType: String {
        case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
        case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8"
        case u64 = "U64", u32 = "U32", u16 = "U16", u8 = "U8", bool = "BOOL"

        /// Bytes per element.
        var size: Int {
            switch self {
            case .f64, .i64, .u64: return 8
            case .f32, .i32, .u32: return 4
            case .f16, .bf16, .i16, .u16: return 2
            case .i8, .u8, .bool: return 1
            }
        }

        /// Converts `count` little-endian elements in `bytes` to Float32.
        func convert(_ bytes: UnsafeRawBufferPointer, to out: UnsafeMutablePointer<Float>,
                     count: Int) {
            func each<Raw: FixedWidthInteger>(_: Raw.Type, _ transform: (Raw) -> Float) {
                for i in 0..<count {
                    let raw = bytes.loadUnaligned(fromByteOffset: i * MemoryLayout<Raw>.size, as: Raw.self)
                    out[i] = transform(Raw(littleEndian: raw))
                }
            }
            switch self {
            case .f32:
                #if _endian(little)
                if let source = bytes.baseAddress {
                    UnsafeMutableRawPointer(out).copyMemory(from: source, byteCount: count * 4)
                }
                #else
                each(UInt32.self) { Float(bitPattern: $0) }
                #endif
            case .f64: each(UInt64.self) { Float(Double(bitPattern: $0)) }
            case .f16: each(UInt16.self, halfToFloat)
            case .bf16: each(UInt16.self) { Float(bitPattern: UInt32($0) << 16) }
            case .i64: each(Int64.self) { Float($0) }
            case .i32: each(Int32.self) { Float($0) }
            case .i16: each(Int16.self) { Float($0) }
            case .i8: each(Int8.self) { Float($0) }
            case .u64: each(UInt64.self) { Float($0) }
            case .u32: each(UInt32.self) { Float($0) }
            case .u16: each(UInt16.self) { Float($0) }
            case .u8: each(UInt8.self) { Float($0) }
            case .bool: each(UInt8.self) { $0 == 0 ? 0 : 1 }
            }
        }
    }

    /// IEEE 754 binary16 to Float32, exact for every value (subnormals, inf, NaN).
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = Int(bits >> 10 & 0x1F)
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa * 2^-24.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | mantissa << 13)
        }
    }
}
