using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryApiKeyRoleTests(InMemorySiloFixture silo) : ApiKeyRoleTests(silo), IClassFixture<InMemorySiloFixture>;
