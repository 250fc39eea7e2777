using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryAlertApiTests(InMemorySiloFixture silo) : AlertApiTests(silo), IClassFixture<InMemorySiloFixture>;
