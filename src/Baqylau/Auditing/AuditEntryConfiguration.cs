using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baqylau.Auditing;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.Id).UseIdentityAlwaysColumn();
        b.Property(a => a.EntityType).HasMaxLength(100);
        b.Property(a => a.EntityId).HasMaxLength(100);
        b.Property(a => a.UserName).HasMaxLength(256);
        b.Property(a => a.Changes).HasColumnType("jsonb");
        b.HasIndex(a => new { a.EntityType, a.EntityId });
        b.HasIndex(a => a.At);
        b.HasIndex(a => a.UserId);
        b.Property(a => a.PreviousHash).HasMaxLength(64);
        b.Property(a => a.Hash).HasMaxLength(64);
        // One entry per position: two writers that raced past the lock would collide here, not fork the chain.
        b.HasIndex(a => a.ChainIndex).IsUnique();
        // The chain columns are written by a trigger (AuditChain.Sql); tell EF, so it can save through it.
        b.ToTable(t => t.HasTrigger(AuditChain.TriggerName));
    }
}
