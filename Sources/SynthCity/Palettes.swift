/// Base colours (linear reflectance) that instances are varied from.
enum Palettes {
    static let facades: [SIMD3<Float>] = [
        SIMD3(0.42, 0.34, 0.24), SIMD3(0.55, 0.50, 0.40), SIMD3(0.32, 0.32, 0.32), SIMD3(0.36, 0.14, 0.08),
        SIMD3(0.24, 0.16, 0.11), SIMD3(0.62, 0.62, 0.58), SIMD3(0.50, 0.34, 0.14), SIMD3(0.30, 0.34, 0.38),
        SIMD3(0.50, 0.32, 0.28), SIMD3(0.20, 0.20, 0.22), SIMD3(0.45, 0.42, 0.30),
    ]
    static let carPaints: [SIMD3<Float>] = [
        SIMD3(0.65, 0.65, 0.65), SIMD3(0.03, 0.03, 0.03), SIMD3(0.35, 0.36, 0.38), SIMD3(0.14, 0.14, 0.15),
        SIMD3(0.02, 0.04, 0.16), SIMD3(0.45, 0.03, 0.02), SIMD3(0.06, 0.13, 0.40), SIMD3(0.04, 0.16, 0.06),
        SIMD3(0.45, 0.38, 0.26), SIMD3(0.62, 0.48, 0.04), SIMD3(0.65, 0.65, 0.65), SIMD3(0.03, 0.03, 0.03),
    ]
    static let clothes: [SIMD3<Float>] = [
        SIMD3(0.03, 0.03, 0.04), SIMD3(0.05, 0.06, 0.12), SIMD3(0.15, 0.15, 0.15), SIMD3(0.40, 0.40, 0.40),
        SIMD3(0.30, 0.05, 0.04), SIMD3(0.06, 0.10, 0.30), SIMD3(0.25, 0.18, 0.10), SIMD3(0.55, 0.50, 0.42),
        SIMD3(0.08, 0.18, 0.10), SIMD3(0.60, 0.35, 0.05), SIMD3(0.02, 0.02, 0.02),
    ]
    static let skins: [SIMD3<Float>] = [
        SIMD3(0.60, 0.40, 0.30), SIMD3(0.45, 0.28, 0.18), SIMD3(0.25, 0.14, 0.09), SIMD3(0.70, 0.52, 0.42),
    ]
    static let foliage: [SIMD3<Float>] = [
        SIMD3(0.07, 0.14, 0.04), SIMD3(0.10, 0.18, 0.05), SIMD3(0.05, 0.11, 0.04), SIMD3(0.12, 0.16, 0.06),
    ]
    static let grass: [SIMD3<Float>] = [
        SIMD3(0.12, 0.20, 0.06), SIMD3(0.16, 0.22, 0.08), SIMD3(0.24, 0.23, 0.12), SIMD3(0.10, 0.16, 0.06),
    ]
    static let paving: [SIMD3<Float>] = [
        SIMD3(0.30, 0.29, 0.28), SIMD3(0.38, 0.36, 0.33), SIMD3(0.30, 0.22, 0.20), SIMD3(0.24, 0.24, 0.25),
    ]
    static let concrete: [SIMD3<Float>] = [
        SIMD3(0.32, 0.31, 0.29), SIMD3(0.42, 0.40, 0.36), SIMD3(0.25, 0.25, 0.26), SIMD3(0.40, 0.30, 0.22),
    ]
    static let fences: [SIMD3<Float>] = [
        SIMD3(0.10, 0.14, 0.10), SIMD3(0.30, 0.30, 0.30), SIMD3(0.25, 0.15, 0.08), SIMD3(0.05, 0.05, 0.05),
    ]
    static let poles: [SIMD3<Float>] = [
        SIMD3(0.28, 0.28, 0.28), SIMD3(0.06, 0.09, 0.07), SIMD3(0.40, 0.40, 0.38), SIMD3(0.12, 0.12, 0.13),
    ]
    static let signs: [SIMD3<Float>] = [
        SIMD3(0.03, 0.12, 0.45), SIMD3(0.55, 0.04, 0.03), SIMD3(0.70, 0.55, 0.03), SIMD3(0.70, 0.70, 0.70),
        SIMD3(0.03, 0.25, 0.08),
    ]
    static let trucks: [SIMD3<Float>] = [
        SIMD3(0.65, 0.65, 0.63), SIMD3(0.45, 0.05, 0.03), SIMD3(0.05, 0.12, 0.35), SIMD3(0.55, 0.42, 0.05),
        SIMD3(0.25, 0.25, 0.25),
    ]
    static let buses: [SIMD3<Float>] = [
        SIMD3(0.62, 0.60, 0.55), SIMD3(0.55, 0.40, 0.03), SIMD3(0.45, 0.05, 0.04), SIMD3(0.05, 0.15, 0.40),
    ]
    static let trams: [SIMD3<Float>] = [
        SIMD3(0.62, 0.62, 0.60), SIMD3(0.60, 0.45, 0.04), SIMD3(0.45, 0.06, 0.05), SIMD3(0.10, 0.30, 0.45),
    ]
}
