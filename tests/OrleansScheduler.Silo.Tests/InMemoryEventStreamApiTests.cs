using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryEventStreamApiTests(InMemorySiloFixture silo) : EventStreamApiTests(silo), IClassFixture<InMemorySiloFixture>;
