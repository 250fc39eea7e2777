using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryQueueStatsApiTests(InMemorySiloFixture silo) : QueueStatsApiTests(silo), IClassFixture<InMemorySiloFixture>;
