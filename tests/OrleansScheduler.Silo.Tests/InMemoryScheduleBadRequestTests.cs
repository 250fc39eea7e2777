using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryScheduleBadRequestTests(InMemorySiloFixture silo) : ScheduleBadRequestTests(silo), IClassFixture<InMemorySiloFixture>;
