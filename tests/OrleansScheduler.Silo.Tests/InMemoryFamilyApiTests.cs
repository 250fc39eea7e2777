using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryFamilyApiTests(InMemorySiloFixture silo) : FamilyApiTests(silo), IClassFixture<InMemorySiloFixture>;
