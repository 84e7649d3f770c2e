/// Whether operations record the autograd graph. Off inside `withoutGradients`.
public enum GradMode {
    @TaskLocal static var isEnabledLocal = true

    /// True unless inside `withoutGradients`.
    public static var isEnabled: Bool { isEnabledLocal }
}

/// Runs `body` without recording any autograd graph (inference, teachers, metrics).
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$isEnabledLocal.withValue(false) { try body() }
}
