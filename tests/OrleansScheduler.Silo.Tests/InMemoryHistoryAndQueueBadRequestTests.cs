using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryHistoryAndQueueBadRequestTests(InMemorySiloFixture silo) : HistoryAndQueueBadRequestTests(silo), IClassFixture<InMemorySiloFixture>;
