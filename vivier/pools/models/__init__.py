from vivier.pools.models.campaign import AudienceKind, Campaign, CampaignStatus
from vivier.pools.models.pool import PoolMember, TalentPool
from vivier.pools.models.segment import Segment

__all__ = ["AudienceKind", "Campaign", "CampaignStatus", "PoolMember", "Segment", "TalentPool"]
