using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryTaskHistoryApiTests(InMemorySiloFixture silo) : TaskHistoryApiTests(silo), IClassFixture<InMemorySiloFixture>;
