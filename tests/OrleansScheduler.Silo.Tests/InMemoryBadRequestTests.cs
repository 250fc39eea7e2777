using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryBadRequestTests(InMemorySiloFixture silo) : BadRequestTests(silo), IClassFixture<InMemorySiloFixture>;
