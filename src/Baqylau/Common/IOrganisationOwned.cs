namespace Baqylau.Common;

/// <summary>Rows that belong to one organisation; staff of another organisation never read them unpublished.</summary>
public interface IOrganisationOwned
{
    Guid OrganisationId { get; }
}
