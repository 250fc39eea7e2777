using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryIdempotencyWindowApiTests(InMemorySiloFixture silo) : IdempotencyWindowApiTests(silo), IClassFixture<InMemorySiloFixture>;
