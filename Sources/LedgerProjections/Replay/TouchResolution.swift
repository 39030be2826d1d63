import LedgerCore

/// The touch half of a resolution, step two: each placed touch mapped to its channel into its
/// survivor's bucket, each bucket ordered by (`at`, `seq`) and deduplicated.
struct TouchResolution {
    var touchesByContact: [String: [ResolvedTouch]] = [:]
    var touchCount = 0
    var unmappedTouchCount = 0
    var duplicateTouchesDropped = 0
    var droppedTouches: [ResolvedTouch] = []
    /// Channel names by code: each distinct channel gets a code when first mapped, kept in its
    /// touches' shared mapping, so the data-driven models read codes, never names.
    var channelNames: [String] = []

    /// Dedupe only ever compares touches of one contact, so no global sort is needed. Every
    /// bucket is allocated once at its final size (the placement's counts), and sorted and
    /// deduplicated in place.
    init(_ placement: TouchPlacement, facts: LedgerFacts, rules: RuleSet) {
        let contacts = placement.contacts
        let mapper = ChannelMapper(rules: rules.channelMapping)
        let windowMicros = Int64(rules.dedupeWindowMinutes) * 60_000_000
        let mappedFields = MappedFields(rules.channelMapping)
        var mapped = MappingCache()
        // Each remembered shape is mapped once, the first time a touch of it is placed.
        var mappedShapes = [ChannelMapping?](repeating: nil, count: facts.touchShapes.all.count)
        var buckets: [[ResolvedTouch]] = placement.counts.map { count in
            var bucket: [ResolvedTouch] = []
            bucket.reserveCapacity(count)
            return bucket
        }
        for (position, slot) in placement.placed {
            let fact = facts.touches[position]
            let shape = fact.shape
            let mapping: ChannelMapping
            if shape.index >= 0 {
                if let known = mappedShapes[Int(shape.index)] {
                    mapping = known
                } else {
                    mapping = Self.channel(for: shape, mapper: mapper, fields: mappedFields, cache: &mapped)
                    mappedShapes[Int(shape.index)] = mapping
                }
            } else {
                mapping = Self.channel(for: shape, mapper: mapper, fields: mappedFields, cache: &mapped)
            }
            if mapping.source == .unmapped { unmappedTouchCount += 1 }
            buckets[slot].append(ResolvedTouch(facts, position: position, contact: contacts[slot], mapping: mapping))
        }
        channelNames = mapped.names
        touchCount = placement.placed.count
        touchesByContact.reserveCapacity(contacts.count)
        for slot in buckets.indices {
            var bucket = buckets[slot]
            buckets[slot] = []
            bucket.sort { ($0.at, $0.seq) < ($1.at, $1.seq) }
            if windowMicros > 0 { dedupe(&bucket, windowMicros: windowMicros) }
            touchesByContact[contacts[slot]] = bucket
        }
    }

    /// Drops, in place, every touch within the window after the last kept touch of the same
    /// channel and campaign (inclusive), counting and keeping the dropped ones.
    private mutating func dedupe(_ ordered: inout [ResolvedTouch], windowMicros: Int64) {
        var lastKept: [(channel: String, campaign: String?, at: Int64)] = []
        var keptCount = 0
        for index in ordered.indices {
            let touch = ordered[index]
            let at = touch.at.microseconds
            if let position = lastKept.firstIndex(where: { $0.channel == touch.channel && $0.campaign == touch.campaign }) {
                if at - lastKept[position].at <= windowMicros {
                    duplicateTouchesDropped += 1
                    droppedTouches.append(touch)
                    continue
                }
                lastKept[position].at = at
            } else {
                lastKept.append((touch.channel, touch.campaign, at))
            }
            if keptCount != index { ordered[keptCount] = touch }
            keptCount += 1
        }
        ordered.removeLast(ordered.count - keptCount)
    }

    /// Mapping depends only on the UTM fields, touch type and explicit channel; shapes kept
    /// apart (past the fold's table) still repeat a few combinations of the fields the rules
    /// read, so the answer is also cached per combination.
    /// Mappings by the fields they read, and a code per distinct channel name.
    private struct MappingCache {
        var byKey: [MappingKey: ChannelMapping] = [:]
        var codes: [String: UInt32] = [:]
        var names: [String] = []
    }

    private static func channel(for shape: TouchShape, mapper: ChannelMapper, fields: MappedFields,
                                cache: inout MappingCache) -> ChannelMapping {
        // Only the fields some rule reads are part of the key (an explicit channel is one).
        let utm = shape.utm
        let explicit = shape.channel.flatMap { $0.isEmpty ? nil : $0 }
        let key = MappingKey(explicit: explicit, source: fields.source ? utm.source : nil, medium: fields.medium ? utm.medium : nil,
                             campaign: fields.campaign ? utm.campaign : nil, content: fields.content ? utm.content : nil,
                             term: fields.term ? utm.term : nil, touchType: fields.touchType ? shape.touchType : nil)
        if let cached = cache.byKey[key] { return cached }
        let (channel, source) = mapper.channel(for: shape.touch(contact: "", account: nil))
        let code: UInt32
        if let known = cache.codes[channel] {
            code = known
        } else {
            code = UInt32(cache.names.count)
            cache.codes[channel] = code
            cache.names.append(channel)
        }
        let mapping = ChannelMapping(channel: channel, source: source, code: code)
        cache.byKey[key] = mapping
        return mapping
    }

    /// Which touch fields any mapping rule reads.
    private struct MappedFields {
        var source = false, medium = false, campaign = false, content = false, term = false, touchType = false

        init(_ rules: [ChannelRule]) {
            for condition in rules.flatMap(\.conditions) {
                switch condition.field {
                case .source: source = true
                case .medium: medium = true
                case .campaign: campaign = true
                case .content: content = true
                case .term: term = true
                case .touchType: touchType = true
                }
            }
        }
    }

    /// Everything channel mapping reads.
    private struct MappingKey: Hashable {
        var explicit, source, medium, campaign, content, term, touchType: String?
    }
}
