using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryDeadLetterApiTests(InMemorySiloFixture silo) : DeadLetterApiTests(silo), IClassFixture<InMemorySiloFixture>;
