/// The construction parameters of an archetype: street cross-section, buildings,
/// furniture and traffic. Lengths in metres; counts per scene; probabilities 0...1.
struct ArchetypeStyle {
    var lanesForward: ClosedRange<Int>
    var lanesOncoming: ClosedRange<Int>
    var laneWidth: ClosedRange<Float>
    /// Chance of a parking lane (with parked cars) on each side.
    var parkingProbability: Float
    var sidewalkWidth: ClosedRange<Float>
    /// Chance of a grass verge between road and sidewalk on each side.
    var vergeProbability: Float
    var vergeWidth: ClosedRange<Float>
    /// Chance of a raised grass median between the directions.
    var medianProbability: Float
    /// Depth of the yard between sidewalk and facades.
    var frontage: ClosedRange<Float>
    var buildingHeight: ClosedRange<Float>
    var buildingWidth: ClosedRange<Float>
    var buildingGapProbability: Float
    /// Per yard segment: chance of a hedge, a fence, a wall at the property line.
    var hedgeProbability: Float
    var fenceProbability: Float
    var wallProbability: Float
    /// Chance of a row of street trees on each side, and their spacing.
    var streetTreeProbability: Float
    var treeSpacing: ClosedRange<Float>
    /// Trees standing behind low buildings (seen above their roofs).
    var backgroundTrees: ClosedRange<Int>
    var poleSpacing: ClosedRange<Float>
    /// Chance that a pole carries a traffic light, a sign.
    var trafficLightProbability: Float
    var signProbability: Float
    var drivingCars: ClosedRange<Int>
    var trucks: ClosedRange<Int>
    var buses: ClosedRange<Int>
    var trams: ClosedRange<Int>
    var persons: ClosedRange<Int>
    var riders: ClosedRange<Int>
    /// Share of riders on motorcycles (the rest ride bicycles).
    var motorcycleShare: Float
    var parkedBicycles: ClosedRange<Int>
    /// Chance that a building row closes the far end of the street.
    var backdropProbability: Float
    var crosswalkProbability: Float
    var streetLength: ClosedRange<Float>

    static func of(_ archetype: SceneArchetype) -> ArchetypeStyle {
        switch archetype {
        case .downtown: return downtown
        case .suburban: return suburban
        case .arterial: return arterial
        case .industrial: return industrial
        case .busStop: return busStop
        case .tramLine: return tramLine
        case .cyclistStreet: return cyclistStreet
        }
    }

    static let downtown = ArchetypeStyle(
        lanesForward: 1...2, lanesOncoming: 1...2, laneWidth: 3.0...3.4, parkingProbability: 0.65,
        sidewalkWidth: 2.5...5, vergeProbability: 0.05, vergeWidth: 1.2...2, medianProbability: 0,
        frontage: 0...0.3, buildingHeight: 12...30, buildingWidth: 8...22, buildingGapProbability: 0.04,
        hedgeProbability: 0, fenceProbability: 0.02, wallProbability: 0.05,
        streetTreeProbability: 0.35, treeSpacing: 9...16, backgroundTrees: 0...0,
        poleSpacing: 14...28, trafficLightProbability: 0.5, signProbability: 0.5,
        drivingCars: 2...7, trucks: 0...0, buses: 0...0, trams: 0...0, persons: 12...32, riders: 0...3,
        motorcycleShare: 0.3, parkedBicycles: 1...5, backdropProbability: 0.9,
        crosswalkProbability: 0.4, streetLength: 150...240)

    static let suburban = ArchetypeStyle(
        lanesForward: 1...1, lanesOncoming: 1...1, laneWidth: 2.8...3.2, parkingProbability: 0.45,
        sidewalkWidth: 1.5...2.5, vergeProbability: 0.6, vergeWidth: 1.5...3, medianProbability: 0,
        frontage: 3...9, buildingHeight: 5...9, buildingWidth: 8...14, buildingGapProbability: 0.35,
        hedgeProbability: 0.5, fenceProbability: 0.4, wallProbability: 0.1,
        streetTreeProbability: 0.85, treeSpacing: 7...13, backgroundTrees: 6...14,
        poleSpacing: 20...40, trafficLightProbability: 0.03, signProbability: 0.35,
        drivingCars: 0...2, trucks: 0...0, buses: 0...0, trams: 0...0, persons: 2...8, riders: 0...2,
        motorcycleShare: 0.2, parkedBicycles: 0...3, backdropProbability: 0.15,
        crosswalkProbability: 0.05, streetLength: 110...180)

    static let arterial = ArchetypeStyle(
        lanesForward: 2...3, lanesOncoming: 2...3, laneWidth: 3.2...3.6, parkingProbability: 0.15,
        sidewalkWidth: 2...3.5, vergeProbability: 0.7, vergeWidth: 2...4, medianProbability: 0.7,
        frontage: 2...12, buildingHeight: 8...22, buildingWidth: 10...30, buildingGapProbability: 0.25,
        hedgeProbability: 0.2, fenceProbability: 0.2, wallProbability: 0.25,
        streetTreeProbability: 0.7, treeSpacing: 9...18, backgroundTrees: 2...8,
        poleSpacing: 12...24, trafficLightProbability: 0.45, signProbability: 0.6,
        drivingCars: 3...9, trucks: 0...2, buses: 0...1, trams: 0...0, persons: 2...9, riders: 0...1,
        motorcycleShare: 0.3, parkedBicycles: 0...0, backdropProbability: 0.5,
        crosswalkProbability: 0.15, streetLength: 160...260)

    static let industrial = ArchetypeStyle(
        lanesForward: 1...2, lanesOncoming: 1...2, laneWidth: 3.2...3.6, parkingProbability: 0.3,
        sidewalkWidth: 1.5...2.5, vergeProbability: 0.5, vergeWidth: 1.5...4, medianProbability: 0,
        frontage: 2...8, buildingHeight: 7...15, buildingWidth: 15...40, buildingGapProbability: 0.3,
        hedgeProbability: 0.05, fenceProbability: 0.55, wallProbability: 0.55,
        streetTreeProbability: 0.3, treeSpacing: 10...20, backgroundTrees: 2...6,
        poleSpacing: 15...30, trafficLightProbability: 0.08, signProbability: 0.5,
        drivingCars: 0...3, trucks: 1...2, buses: 0...0, trams: 0...0, persons: 1...4, riders: 0...0,
        motorcycleShare: 0.3, parkedBicycles: 0...0, backdropProbability: 0.6,
        crosswalkProbability: 0.02, streetLength: 140...230)

    static let busStop = ArchetypeStyle(
        lanesForward: 1...2, lanesOncoming: 1...2, laneWidth: 3.1...3.5, parkingProbability: 0.3,
        sidewalkWidth: 3...5, vergeProbability: 0.1, vergeWidth: 1.5...2.5, medianProbability: 0,
        frontage: 0...2, buildingHeight: 10...22, buildingWidth: 9...20, buildingGapProbability: 0.1,
        hedgeProbability: 0.05, fenceProbability: 0.05, wallProbability: 0.05,
        streetTreeProbability: 0.4, treeSpacing: 9...15, backgroundTrees: 0...2,
        poleSpacing: 14...26, trafficLightProbability: 0.2, signProbability: 0.6,
        drivingCars: 1...5, trucks: 0...1, buses: 1...2, trams: 0...0, persons: 10...20, riders: 0...1,
        motorcycleShare: 0.3, parkedBicycles: 0...2, backdropProbability: 0.8,
        crosswalkProbability: 0.3, streetLength: 150...230)

    static let tramLine = ArchetypeStyle(
        lanesForward: 1...2, lanesOncoming: 1...2, laneWidth: 3.0...3.4, parkingProbability: 0.4,
        sidewalkWidth: 2.5...4.5, vergeProbability: 0.1, vergeWidth: 1.5...2.5, medianProbability: 0,
        frontage: 0...1, buildingHeight: 12...26, buildingWidth: 9...22, buildingGapProbability: 0.05,
        hedgeProbability: 0, fenceProbability: 0.05, wallProbability: 0.05,
        streetTreeProbability: 0.3, treeSpacing: 10...16, backgroundTrees: 0...0,
        poleSpacing: 16...30, trafficLightProbability: 0.3, signProbability: 0.5,
        drivingCars: 1...5, trucks: 0...1, buses: 0...0, trams: 1...2, persons: 8...18, riders: 0...2,
        motorcycleShare: 0.3, parkedBicycles: 0...2, backdropProbability: 0.8,
        crosswalkProbability: 0.35, streetLength: 160...240)

    static let cyclistStreet = ArchetypeStyle(
        lanesForward: 1...1, lanesOncoming: 1...1, laneWidth: 3.0...3.6, parkingProbability: 0.5,
        sidewalkWidth: 2...4, vergeProbability: 0.3, vergeWidth: 1.5...2.5, medianProbability: 0,
        frontage: 0...3, buildingHeight: 8...18, buildingWidth: 8...18, buildingGapProbability: 0.15,
        hedgeProbability: 0.15, fenceProbability: 0.15, wallProbability: 0.1,
        streetTreeProbability: 0.6, treeSpacing: 8...14, backgroundTrees: 0...4,
        poleSpacing: 16...30, trafficLightProbability: 0.15, signProbability: 0.5,
        drivingCars: 0...2, trucks: 0...0, buses: 0...0, trams: 0...0, persons: 6...14, riders: 6...14,
        motorcycleShare: 0.3, parkedBicycles: 3...8, backdropProbability: 0.6,
        crosswalkProbability: 0.2, streetLength: 130...210)
}
