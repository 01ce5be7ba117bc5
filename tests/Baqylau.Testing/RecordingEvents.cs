using Baqylau.Publishing;

namespace Baqylau.Testing;

/// <summary>Records which statements and incidents a service reported as publicly changed.</summary>
public sealed class RecordingEvents : IPublicContentEvents
{
    public List<Guid> Statements { get; } = [];

    public List<Guid> Incidents { get; } = [];

    public Task StatementChangedAsync(Guid statementId, CancellationToken ct = default)
    {
        lock (Statements)
            Statements.Add(statementId);
        return Task.CompletedTask;
    }

    public Task IncidentChangedAsync(Guid incidentId, CancellationToken ct = default)
    {
        lock (Incidents)
            Incidents.Add(incidentId);
        return Task.CompletedTask;
    }
}
