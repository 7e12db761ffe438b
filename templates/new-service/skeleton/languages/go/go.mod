module ${{ values.repoHost }}/${{ values.repoOwner }}/${{ values.repoName }}

go 1.23
