using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryQueuePauseApiTests(InMemorySiloFixture silo) : QueuePauseApiTests(silo), IClassFixture<InMemorySiloFixture>;
