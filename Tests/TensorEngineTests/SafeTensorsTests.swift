import Foundation
import XCTest
@testable import TensorEngine
import EngineTestSupport

final class SafeTensorsTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("SafeTensorsTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    private func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    private func sampleTensors() -> [String: Tensor] {
        var special = randomTensor([2, 5], -3, 3, seed: 7, requiresGrad: false).scalars
        special[0] = -0.0
        special[1] = .infinity
        special[2] = .leastNonzeroMagnitude
        special[3] = .greatestFiniteMagnitude
        special[4] = Float(bitPattern: 0x7FC0_1234) // a NaN with payload
        return [
            "encoder.layer1.0.conv1.weight": randomTensor([4, 3, 3, 3], seed: 1, requiresGrad: false),
            "encoder.layer1.0.bn1.running_mean": randomTensor([4], seed: 2, requiresGrad: true),
            "head.special": Tensor(special, shape: [2, 5]),
            "step": Tensor(scalar: 1234.5),
            "empty": Tensor.zeros([0]),
            "empty.matrix": Tensor.zeros([3, 0]),
        ]
    }

    /// A file with the given header text (padded to 8 bytes) and raw data buffer.
    private func handBuilt(_ name: String, header: String, buffer: [UInt8]) throws -> URL {
        var json = Array(header.utf8)
        json += repeatElement(UInt8(ascii: " "), count: (8 - json.count % 8) % 8)
        var bytes = withUnsafeBytes(of: UInt64(json.count).littleEndian) { Array($0) }
        bytes += json + buffer
        let file = url(name)
        try Data(bytes).write(to: file)
        return file
    }

    private func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { withUnsafeBytes(of: $0.littleEndian) { Array($0) } }
    }

    // MARK: Round trip and layout

    func testRoundTripIsBitExactWithMetadata() throws {
        let tensors = sampleTensors()
        let metadata = ["epoch": "3", "format": "pt",
                        "note": "quotes \" backslash \\ tab \t newline \n ünïcödé"]
        let file = url("model.safetensors")
        try SafeTensors.write(tensors, metadata: metadata, to: file)
        let (loaded, loadedMetadata) = try SafeTensors.read(from: file)
        XCTAssertEqual(loadedMetadata, metadata)
        XCTAssertEqual(Set(loaded.keys), Set(tensors.keys))
        for (name, tensor) in tensors {
            let back = try XCTUnwrap(loaded[name], name)
            XCTAssertEqual(back.shape, tensor.shape, name)
            XCTAssertEqual(back.scalars.map(\.bitPattern), tensor.scalars.map(\.bitPattern), name)
            XCTAssertFalse(back.requiresGrad)
        }
    }

    func testHeaderFollowsTheSpec() throws {
        let tensors = sampleTensors()
        let file = url("layout.safetensors")
        try SafeTensors.write(tensors, metadata: ["epoch": "3"], to: file)
        let bytes = [UInt8](try Data(contentsOf: file))

        let length = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(length % 8, 0, "header is padded to a multiple of 8 bytes")
        let headerBytes = Data(bytes[8..<(8 + length)])
        let header = try XCTUnwrap(try JSONSerialization.jsonObject(with: headerBytes) as? [String: Any])
        XCTAssertEqual(header["__metadata__"] as? [String: String], ["epoch": "3"])

        var offset = 0
        for name in tensors.keys.sorted() {
            let tensor = try XCTUnwrap(tensors[name])
            let entry = try XCTUnwrap(header[name] as? [String: Any], name)
            XCTAssertEqual(entry["dtype"] as? String, "F32")
            XCTAssertEqual(entry["shape"] as? [Int], tensor.shape)
            let end = offset + 4 * tensor.count
            XCTAssertEqual(entry["data_offsets"] as? [Int], [offset, end], "sorted and contiguous")
            let stored = bytes[(8 + length + offset)..<(8 + length + end)]
            XCTAssertEqual(Array(stored), littleEndianBytes(tensor.scalars.map(\.bitPattern)), name)
            offset = end
        }
        XCTAssertEqual(bytes.count, 8 + length + offset, "nothing after the last tensor")
    }

    func testWritingIsDeterministicAndLeavesNoTemporaryFiles() throws {
        let first = url("a.safetensors"), second = url("b.safetensors")
        try SafeTensors.write(sampleTensors(), metadata: ["x": "1", "y": "2"], to: first)
        try SafeTensors.write(sampleTensors(), metadata: ["y": "2", "x": "1"], to: second)
        XCTAssertEqual(try Data(contentsOf: first), try Data(contentsOf: second))

        // Overwriting replaces the file; only the two checkpoints remain.
        try SafeTensors.write(["w": Tensor([1, 2], shape: [2])], to: first)
        XCTAssertEqual(try SafeTensors.read(from: first).tensors["w"]?.scalars, [1, 2])
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        XCTAssertEqual(names, ["a.safetensors", "b.safetensors"])
    }

    // MARK: Other dtypes

    func testReadsHalfBFloatDoubleAndIntegerTensors() throws {
        let f16: [UInt16] = [0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0x7C00, 0x8000]
        let bf16: [UInt16] = [0x3F80, 0xC040, 0x4049]
        let f64: [Double] = [1.5, -3.25, 1e-3, 1e300]
        let i64: [Int64] = [-5, 7, 1 << 40]
        let i32: [Int32] = [42, -1]
        var buffer = littleEndianBytes(f16)                    // 0..<14
        buffer += littleEndianBytes(bf16)                      // 14..<20
        buffer += littleEndianBytes(f64.map(\.bitPattern))     // 20..<52
        buffer += littleEndianBytes(i64)                       // 52..<76
        buffer += littleEndianBytes(i32)                       // 76..<84
        buffer += [0, 1, 2]                                    // 84..<87 BOOL
        let header = """
            {"__metadata__":{"format":"pt"},
             "h":{"dtype":"F16","shape":[7],"data_offsets":[0,14]},
             "b":{"dtype":"BF16","shape":[1,3],"data_offsets":[14,20]},
             "d":{"dtype":"F64","shape":[2,2],"data_offsets":[20,52]},
             "l":{"dtype":"I64","shape":[3],"data_offsets":[52,76]},
             "i":{"dtype":"I32","shape":[2],"data_offsets":[76,84]},
             "m":{"dtype":"BOOL","shape":[3],"data_offsets":[84,87]}}
            """
        let file = try handBuilt("mixed.safetensors", header: header, buffer: buffer)
        let (tensors, metadata) = try SafeTensors.read(from: file)
        XCTAssertEqual(metadata, ["format": "pt"])
        XCTAssertEqual(tensors["h"]?.scalars, [1, -2, 0.5, 65504, 0x1p-24, .infinity, -0.0])
        XCTAssertEqual(tensors["h"]?.scalars.last?.sign, .minus)
        XCTAssertEqual(tensors["b"]?.scalars, [1, -3, 3.140625])
        XCTAssertEqual(tensors["b"]?.shape, [1, 3])
        XCTAssertEqual(tensors["d"]?.scalars, [1.5, -3.25, Float(1e-3), .infinity])
        XCTAssertEqual(tensors["d"]?.shape, [2, 2])
        XCTAssertEqual(tensors["l"]?.scalars, [-5, 7, 1_099_511_627_776])
        XCTAssertEqual(tensors["i"]?.scalars, [42, -1])
        XCTAssertEqual(tensors["m"]?.scalars, [0, 1, 1])
    }

    func testHalfConversionCoversSubnormalsAndNaN() {
        XCTAssertEqual(SafeTensors.halfToFloat(0x03FF), 1023 * 0x1p-24)
        XCTAssertEqual(SafeTensors.halfToFloat(0x0400), 0x1p-14)
        XCTAssertEqual(SafeTensors.halfToFloat(0xFC00), -.infinity)
        XCTAssertTrue(SafeTensors.halfToFloat(0x7E00).isNaN)
    }

    /// Run by scripts/check_safetensors_interop.py, which sets the variable to a folder
    /// holding a file written by PyTorch and checks the file this test writes there.
    /// Reads a file written by PyTorch's safetensors (F32, F16, BF16, F64, I64, a scalar,
    /// an empty tensor, metadata). Without THREEWAYS_SAFETENSORS_INTEROP the file is the
    /// committed fixture Fixtures/from_torch.safetensors (written by
    /// scripts/check_safetensors_interop.py's `torch_tensors()`); with it, the script's
    /// fresh file, and this test also writes from_swift.safetensors for the script to
    /// check with PyTorch.
    func testInteropWithPyTorch() throws {
        let interopFolder = ProcessInfo.processInfo.environment["THREEWAYS_SAFETENSORS_INTEROP"]
        let directory = interopFolder.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let (tensors, metadata) = try SafeTensors.read(
            from: directory.appendingPathComponent("from_torch.safetensors"))
        XCTAssertEqual(metadata, ["source": "torch"])
        let expected: [String: (shape: [Int], values: [Float])] = [
            "encoder.conv1.weight": ([2, 3, 3, 3], (0..<54).map { Float($0) / 7 - 1 }),
            "half": ([5], [1, -2, 0.5, 65504, 0x1p-24]),
            "bfloat": ([3], [1, -3, 3.140625]),
            "double": ([2, 2], [1.5, -3.25, Float(0.1 as Double), Float(1e-3 as Double)]),
            "long": ([3], [-5, 7, 1_099_511_627_776]),
            "scalar": ([], [3.5]),
            "empty": ([0], []),
        ]
        XCTAssertEqual(Set(tensors.keys), Set(expected.keys))
        for (name, (shape, values)) in expected {
            XCTAssertEqual(tensors[name]?.shape, shape, name)
            XCTAssertEqual(tensors[name]?.scalars, values, name)
        }

        guard interopFolder != nil else { return }
        try SafeTensors.write([
            "decoder.weight": Tensor((0..<24).map { Float($0) / 3 }, shape: [2, 3, 4]),
            "scalar": Tensor(scalar: 2.5),
            "empty": Tensor.zeros([0, 5]),
        ], metadata: ["source": "swift"], to: directory.appendingPathComponent("from_swift.safetensors"))
    }

    // MARK: Errors name the file

    private func assertReadFails(_ file: URL, mentioning words: [String] = [],
                                 _ matches: (SafeTensorsError) -> Bool = { _ in true },
                                 line: UInt = #line) {
        XCTAssertThrowsError(try SafeTensors.read(from: file), line: line) { error in
            guard let error = error as? SafeTensorsError else {
                return XCTFail("expected SafeTensorsError, got \(error)", line: line)
            }
            XCTAssertTrue(matches(error), "unexpected \(error)", line: line)
            XCTAssertEqual(error.path, file.path, line: line)
            XCTAssertTrue(error.description.contains("'\(file.path)'"), error.description, line: line)
            for word in words {
                XCTAssertTrue(error.description.contains(word), error.description, line: line)
            }
        }
    }

    private func isHeaderError(_ error: SafeTensorsError) -> Bool {
        if case .invalidHeader = error { return true } else { return false }
    }

    private func isTensorError(named name: String) -> (SafeTensorsError) -> Bool {
        { if case .invalidTensor(_, name, _) = $0 { return true } else { return false } }
    }

    func testTruncatedFileThrows() throws {
        let file = url("cut.safetensors")
        try SafeTensors.write(sampleTensors(), to: file)
        let bytes = try Data(contentsOf: file)
        try bytes.prefix(bytes.count - 10).write(to: file) // header intact, data cut short
        assertReadFails(file, mentioning: ["truncated"])
        try bytes.prefix(bytes.count / 2).write(to: file)
        assertReadFails(file, mentioning: ["truncated"])

        try bytes.prefix(5).write(to: file)
        assertReadFails(file, mentioning: ["8-byte header length"], isHeaderError)
    }

    func testHeaderLengthBeyondTheFileThrows() throws {
        var bytes = withUnsafeBytes(of: UInt64(1 << 62).littleEndian) { Array($0) }
        bytes += Array("{}      ".utf8)
        let file = url("length.safetensors")
        try Data(bytes).write(to: file)
        assertReadFails(file, mentioning: ["header length"], isHeaderError)
    }

    func testGarbageJSONThrows() throws {
        let file = try handBuilt("garbage.safetensors", header: "{\"a\": [1, 2,, oops", buffer: [])
        assertReadFails(file, mentioning: ["not valid JSON"], isHeaderError)
        let notUTF8 = try handBuilt("binary.safetensors", header: "", buffer: [])
        try Data([8, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFE, 0x00, 0x80, 0x7B, 0x7D, 0xC3, 0x28])
            .write(to: notUTF8)
        assertReadFails(notUTF8, isHeaderError)
    }

    func testMalformedEntriesThrow() throws {
        let missing = try handBuilt("missing.safetensors",
                                    header: #"{"a":{"dtype":"F32","shape":[1]}}"#, buffer: [0, 0, 0, 0])
        assertReadFails(missing, mentioning: ["header entry 'a'", "data_offsets"], isHeaderError)

        let badMetadata = try handBuilt("meta.safetensors",
                                        header: #"{"__metadata__":{"epoch":3}}"#, buffer: [])
        assertReadFails(badMetadata, mentioning: ["__metadata__"], isHeaderError)

        let dtype = try handBuilt("dtype.safetensors",
                                  header: #"{"q":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}}"#,
                                  buffer: [0, 0])
        assertReadFails(dtype, mentioning: ["F8_E4M3"], isTensorError(named: "q"))

        let overflow = try handBuilt(
            "huge.safetensors",
            header: #"{"h":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#,
            buffer: [0, 0, 0, 0])
        assertReadFails(overflow, mentioning: ["invalid shape"], isTensorError(named: "h"))
    }

    func testOffsetsOutOfRangeThrow() throws {
        let file = try handBuilt("range.safetensors",
                                 header: #"{"w":{"dtype":"F32","shape":[100],"data_offsets":[0,400]}}"#,
                                 buffer: [UInt8](repeating: 0, count: 16))
        assertReadFails(file, mentioning: ["[0, 400]", "16 bytes"], isTensorError(named: "w"))

        let backwards = try handBuilt("backwards.safetensors",
                                      header: #"{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}"#,
                                      buffer: [UInt8](repeating: 0, count: 8))
        assertReadFails(backwards, isTensorError(named: "w"))
    }

    func testShapeAndByteCountMismatchThrows() throws {
        let file = try handBuilt("mismatch.safetensors",
                                 header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,
                                 buffer: [UInt8](repeating: 0, count: 8))
        assertReadFails(file, mentioning: ["needs 12 bytes", "hold 8"], isTensorError(named: "w"))
    }

    func testOverlapsAndHolesThrow() throws {
        let overlap = try handBuilt("overlap.safetensors", header: """
            {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},
             "b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}
            """, buffer: [UInt8](repeating: 0, count: 12))
        assertReadFails(overlap, mentioning: ["overlap tensor 'a'"], isTensorError(named: "b"))

        let hole = try handBuilt("hole.safetensors", header: """
            {"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},
             "b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}
            """, buffer: [UInt8](repeating: 0, count: 12))
        assertReadFails(hole, mentioning: ["4..<8"], isHeaderError)

        let trailing = try handBuilt("trailing.safetensors",
                                     header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
                                     buffer: [UInt8](repeating: 0, count: 6))
        assertReadFails(trailing, mentioning: ["6 bytes"], isHeaderError)
    }

    func testMissingFileThrows() {
        let file = url("nothing-here.safetensors")
        assertReadFails(file, mentioning: ["cannot read"]) {
            if case .unreadable = $0 { return true } else { return false }
        }
    }

    func testWriteErrorsNameTheFile() {
        let nested = url("no/such/dir/model.safetensors")
        XCTAssertThrowsError(try SafeTensors.write(["w": Tensor.zeros([1])], to: nested)) { error in
            XCTAssertEqual(error as? SafeTensorsError,
                           .unwritable(path: nested.path,
                                       reason: "directory '\(nested.deletingLastPathComponent().path)' does not exist"))
            XCTAssertTrue(String(describing: error).contains(nested.path))
        }
        let reserved = url("reserved.safetensors")
        XCTAssertThrowsError(try SafeTensors.write(["__metadata__": Tensor.zeros([1])], to: reserved)) {
            XCTAssertTrue(String(describing: $0).contains(reserved.path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: reserved.path))
    }
}
