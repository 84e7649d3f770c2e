import TensorEngine

/// The kinds of street a SynthCity scene is drawn from, with deliberately unequal
/// frequencies (a long tail, as in real driving data): four common archetypes and
/// three rare ones that carry most of the rare classes (bus, train, rider, motorcycle).
public enum SceneArchetype: String, CaseIterable, Sendable {
    /// Tall facades, narrow sidewalks, many parked cars and pedestrians, traffic lights.
    case downtown
    /// Low houses behind front yards with hedges and fences, trees, terrain.
    case suburban
    /// Wide multi-lane road with a grass median, trees, poles, trucks.
    case arterial
    /// Warehouses behind walls and fences, trucks, poles, terrain.
    case industrial
    /// Rare: a bus at a stop with people waiting.
    case busStop = "bus_stop"
    /// Rare: a tram (Cityscapes class train) on rails in the middle of the street.
    case tramLine = "tram_line"
    /// Rare: a street full of cyclists and motorcyclists.
    case cyclistStreet = "cyclist_street"

    /// Probability of the archetype per drawn scene; the values sum to 1.
    public var frequency: Double {
        switch self {
        case .downtown: return 0.32
        case .suburban: return 0.27
        case .arterial: return 0.17
        case .industrial: return 0.12
        case .busStop: return 0.05
        case .cyclistStreet: return 0.04
        case .tramLine: return 0.03
        }
    }

    /// Whether the archetype belongs to the long tail (frequency at most 5 %).
    public var isRare: Bool { frequency <= 0.05 }

    /// Draws an archetype with probability `frequency`.
    static func draw(_ rng: inout RandomGenerator) -> SceneArchetype {
        let x = Double(rng.nextUniform())
        var cumulative = 0.0
        for archetype in allCases {
            cumulative += archetype.frequency
            if x < cumulative { return archetype }
        }
        return .downtown
    }
}
