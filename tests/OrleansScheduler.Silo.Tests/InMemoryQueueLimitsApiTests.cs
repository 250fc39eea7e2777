using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryQueueLimitsApiTests(InMemorySiloFixture silo) : QueueLimitsApiTests(silo), IClassFixture<InMemorySiloFixture>;
