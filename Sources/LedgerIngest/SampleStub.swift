public struct SampleOptions: Sendable {
    public var eventCount: Int
    public var seed: UInt64
    public var idStyle: SampleIDStyle
    public var currency: String
    public init(eventCount: Int, seed: UInt64, idStyle: SampleIDStyle = .readable, currency: String = "USD") {
        self.eventCount = eventCount; self.seed = seed; self.idStyle = idStyle; self.currency = currency
    }
}
public enum SampleIDStyle: String, Sendable, CaseIterable { case readable, uuid }
public struct SampleGenerator: Sendable {
    let options: SampleOptions
    public init(options: SampleOptions) { self.options = options }
    public func generate(_ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {}
}
