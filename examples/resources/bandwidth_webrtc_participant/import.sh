# A participant is imported by its id. Bandwidth returns a token only when a participant is
# created, so after an import token and token_expires_at are null.
terraform import bandwidth_webrtc_participant.presenter 8d5a2f3c-6b1e-4c9a-9f0d-2e7b4a1c5d36
